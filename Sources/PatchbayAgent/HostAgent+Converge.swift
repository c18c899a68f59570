import PatchbayCore
import PatchbayHost

extension HostAgent {
    /// Brings VFs, links and guests to the plan; a failing seam does not stop the others.
    func converge(_ desired: HostDesiredState, facts: HostFacts) -> PassResult {
        let plan = HostPlanner.plan(desired, facts: facts)
        var result = PassResult()
        result.portProblems = plan.unplannable
        for (port, reason) in plan.unplannable.sorted(by: { $0.key < $1.key }) {
            logger.warning("cannot wire port", metadata: ["port": "\(port)", "reason": "\(reason)"])
        }
        let vfExecutor = VFActionExecutor(netlink: seams.netlink, journal: seams.journal)
        var vfPorts: Set<String>
        do {
            let outcome = try vfExecutor.converge(plan.virtualFunctions)
            result.vfActions = outcome.actions
            vfPorts = Set(plan.virtualFunctions.filter { outcome.converged.contains($0.id) }.map(\.portID))
        } catch {
            logger.error("VF reconcile failed", metadata: ["error": "\(error.message)"])
            // Some VFs may be set and others not: ask the NIC which ones hold their settings.
            vfPorts = wiredVirtualFunctionPorts(plan.virtualFunctions)
        }
        var linkPorts: Set<String> = []
        do {
            let outcome = try L2ActionExecutor(links: seams.links).reconcile(plan.links)
            result.linkActions = outcome.actions
            linkPorts = outcome.readyPorts
        } catch {
            logger.error("link reconcile failed", metadata: ["error": "\(error.message)"])
        }
        // Links before guests: a guest is defined and started only once its taps and macvtaps
        // are wired (a tap filtered and on its bridge), never on a device that is not there yet.
        let awaitingLinks = plan.guestsAwaitingLinks(readyPorts: linkPorts)
        let defined = awaitingLinks.isEmpty ? [] : Set(((try? seams.hypervisor.domains()) ?? []).map(\.uuid))
        do {
            let guests = plan.guestsToConverge(readyPorts: linkPorts, defined: defined)
            let outcome = try GuestActionExecutor(hypervisor: seams.hypervisor).reconcile(guests)
            result.guestActions = outcome.performed
            result.runningGuests = outcome.running
            result.failedGuests = outcome.failed
        } catch {
            logger.error("guest reconcile failed", metadata: ["error": "\(error.message)"])
        }
        // A port is wired when every part it needs is in place: its VF (if any) and its link (if any).
        let needsVF = Set(plan.virtualFunctions.map(\.portID))
        let needsLink = Set(plan.links.map(\.portID))
        for port in desired.ports where plan.unplannable[port.id] == nil {
            if needsVF.contains(port.id) && !vfPorts.contains(port.id) { continue }
            if needsLink.contains(port.id) && !linkPorts.contains(port.id) { continue }
            result.wiredPorts.insert(port.id)
        }
        if !result.changedNothing {
            logger.info("host converged", metadata: ["vf_actions": "\(result.vfActions.count)",
                                                     "link_actions": "\(result.linkActions.count)",
                                                     "guest_actions": "\(result.guestActions.count)"])
        }
        return result
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
