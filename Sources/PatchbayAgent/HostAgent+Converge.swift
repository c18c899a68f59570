import FailPoints
import PatchbayCore
import PatchbayHost

extension HostAgent {
    /// Brings guests, VFs and links to the plan, in the order that keeps a tenant's settings off
    /// freed devices: unwanted guests are torn down first, then VFs and links converge, then
    /// wanted guests are defined and started. A failing seam does not stop the others, and a
    /// failing port does not stop other ports.
    ///
    /// A pass that would tear down more guests than the guard allows changes nothing at all.
    func converge(_ desired: HostDesiredState, facts: HostFacts, storage: StorageOutcome = StorageOutcome()) -> PassResult {
        let plan = HostPlanner.plan(desired, facts: facts)
        var result = PassResult()
        let guests = GuestActionExecutor(hypervisor: seams.hypervisor)
        var actual: [GuestDomainState]?
        do { actual = try seams.hypervisor.domains() } catch {
            logger.error("cannot list guests; freed VFs are left alone this pass", metadata: ["error": "\(error.message)"])
        }
        if let actual, let refusal = teardownGuard.refusal(desired: plan.guests, retiring: desired.retiring, actual: actual) {
            noteRefusal(refusal)
            result.refusal = refusal
            return result
        }
        noteRefusal(nil)
        // 1. Guests that must go, before anything they hold is restored.
        var guestsGone = actual != nil
        if let actual {
            let teardown = guests.tearDown(plan.guests, actual: actual)
            result.guestActions = teardown.performed
            result.absentGuests = GuestReconciler.absent(retiring: desired.retiring, actual: actual, performed: teardown.performed)
            for (uuid, reason) in teardown.failed.sorted(by: { $0.key < $1.key }) {
                logger.error("guest teardown failed; freed VFs are left alone this pass", metadata: ["guest": "\(uuid)", "reason": "\(reason)"])
            }
            guestsGone = teardown.failed.isEmpty
            if !teardown.performed.isEmpty { FailPoint.hit("agent.after_teardown") }
            let remaining = GuestReconciler.domains(after: teardown.performed, actual: actual)
            removeUnwantedFiles(wanted: Set(plan.guests.map { $0.uuid.lowercased() }), defined: Set(remaining.keys))
        }
        // 2. VFs and links.
        let vfPorts = convergeVirtualFunctions(plan.virtualFunctions, restoringFreed: guestsGone, into: &result)
        let linkPorts = convergeLinks(plan.links, into: &result)
        if !result.linkActions.isEmpty { FailPoint.hit("agent.after_links") }
        result.portProblems.merge(plan.unplannable) { first, _ in first }
        // A port is wired when every part it needs is in place: its VF (if any) and its link (if any).
        let needsVF = Set(plan.virtualFunctions.map(\.portID))
        let needsLink = Set(plan.links.map(\.portID))
        for port in desired.ports where result.portProblems[port.id] == nil {
            if needsVF.contains(port.id) && !vfPorts.contains(port.id) { continue }
            if needsLink.contains(port.id) && !linkPorts.contains(port.id) { continue }
            result.wiredPorts.insert(port.id)
        }
        convergeTaps(desired, wired: result.wiredPorts, into: &result)
        // 3. Guests that must exist, links before guests: a guest is defined and started (and a
        // device hot plugged) only once its taps and macvtaps are wired (a tap filtered and on
        // its bridge), never on a device that is not there yet.
        if let actual {
            convergeGuests(plan, desired: desired, actual: actual, linkPorts: linkPorts, wired: result.wiredPorts,
                           storage: storage, into: &result)
        }
        logProblems(result.portProblems)
        if !result.changedNothing {
            logger.info("host converged", metadata: ["vf_actions": "\(result.vfActions.count)",
                                                     "link_actions": "\(result.linkActions.count)",
                                                     "guest_actions": "\(result.guestActions.count)"])
        }
        return result
    }

    /// Converges VFs; with `restoringFreed` false, VFs no port wants keep what they have (a guest
    /// may still hold them). Returns the ports whose VF holds its settings.
    private func convergeVirtualFunctions(_ states: [VFDesiredState], restoringFreed: Bool, into result: inout PassResult) -> Set<String> {
        let journal = WantedVFJournal(base: seams.journal, only: restoringFreed ? nil : Set(states.map(\.id)))
        do {
            let outcome = try VFActionExecutor(netlink: seams.netlink, journal: journal).converge(states)
            result.vfActions = outcome.actions
            return Set(states.filter { outcome.converged.contains($0.id) }.map(\.portID))
        } catch {
            logger.error("VF reconcile failed", metadata: ["error": "\(error.message)"])
            // Some VFs may be set and others not: ask the NIC which ones hold their settings.
            return wiredVirtualFunctionPorts(states)
        }
    }

    /// Converges links port by port; a port whose link failed is recorded in `portProblems`.
    private func convergeLinks(_ intents: [L2PortIntent], into result: inout PassResult) -> Set<String> {
        do {
            let outcome = try L2ActionExecutor(links: seams.links).converge(intents, owned: ownedLinks)
            result.linkActions = outcome.performed
            result.portProblems.merge(outcome.failedPorts) { first, _ in first }
            return outcome.readyPorts
        } catch {
            logger.error("link reconcile failed", metadata: ["error": "\(error.message)"])
            return []
        }
    }

    /// The ports whose VF now has exactly the desired settings, read back from the NIC (after a failed pass).
    private func wiredVirtualFunctionPorts(_ states: [VFDesiredState]) -> Set<String> {
        var actual: [String: [Int: VFSettings]] = [:]
        var wired: Set<String> = []
        for state in states {
            if actual[state.pf] == nil { actual[state.pf] = (try? seams.netlink.vfSettings(pf: state.pf)) ?? [:] }
            if actual[state.pf]?[state.vf] == state.settings { wired.insert(state.portID) }
        }
        return wired
    }
}
