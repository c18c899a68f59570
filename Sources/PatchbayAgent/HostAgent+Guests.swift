import FailPoints
import PatchbayCore
import PatchbayHost

/// A live unplug the agent asked of a running guest, which the guest has not finished yet.
struct AskedUnplug: Hashable, Sendable {
    var uuid: String
    var key: String
}

/// What a guest's domain held the last time it matched its desired XML, by device key.
struct SettledDevices: Sendable {
    var desiredXML: String
    var active: Bool
    var keys: Set<String>
}

extension HostAgent {
    /// The wanted guests' part of a pass, after their links and VFs were wired: devices hot
    /// plugged into defined domains (a device only once its port is `wired`), then domains
    /// defined, started or shut off, then the reboots asked; and what the report says of them.
    func convergeGuests(_ plan: HostPlan, desired: HostDesiredState, actual: [GuestDomainState],
                        linkPorts: Set<String>, wired: Set<String>, storage: StorageOutcome, into result: inout PassResult) {
        let executor = GuestActionExecutor(hypervisor: seams.hypervisor, performed: Self.crashPoint)
        let defined = Set(actual.map(\.uuid))
        // A guest is defined only once its files are laid out.
        let wanted = plan.guestsToConverge(readyPorts: linkPorts, defined: defined)
            .filter { defined.contains($0.uuid.lowercased()) || storage.isReady($0) }
        let keys = Self.portKeys(desired.ports)
        var interfaces: [String: Set<String>] = [:]
        for guest in wanted {
            let uuid = guest.uuid.lowercased()
            guard let domain = actual.first(where: { $0.uuid == uuid }) else { continue }
            interfaces[uuid] = hotPlug(guest, domain: domain, keys: keys[uuid] ?? [:], wired: wired, executor, into: &result)
        }
        let bringUp = executor.bringUp(wanted, actual: actual)
        result.guestActions += bringUp.performed
        result.failedGuests = bringUp.failed.merging(storage.failed) { first, _ in first }
        let carried = carriedOutReboots ?? loadReboots()
        for action in GuestReboots.actions(desired: wanted, actual: actual, carriedOut: carried, performed: bringUp.performed)
        where result.failedGuests[action.uuid] == nil {
            do {
                try executor.perform(action)
                result.guestActions.append(action)
                logger.info("guest rebooted", metadata: ["guest": "\(action.uuid)"])
            } catch {
                result.failedGuests[action.uuid] = error.description
            }
        }
        if carriedOutReboots != nil { saveReboots(GuestReboots.carriedOut(desired: plan.guests, previous: carried, performed: result.guestActions)) }
        let after = GuestReconciler.domains(after: result.guestActions, actual: actual)
        for guest in wanted {
            let uuid = guest.uuid.lowercased()
            guard let running = after[uuid] else { continue }
            if running { result.runningGuests.insert(uuid) } else { result.stoppedGuests.insert(uuid) }
            if let counter = carriedOutReboots?[uuid], counter > 0 { result.rebootedGuests[uuid] = counter }
            let definedNow = bringUp.performed.contains { if case .define(let id, _, _) = $0 { id == uuid } else { false } }
            let held = definedNow ? Set(GuestNICDevice.devices(inDomainXML: guest.domainXML).map(\.key)) : nil
            if let ports = held.map({ Self.ports($0, keys: keys[uuid] ?? [:]) }) ?? interfaces[uuid] { result.guestInterfaces[uuid] = ports }
        }
    }

    /// The crash point after each guest action (armed only by the SIGKILL tests).
    @Sendable static func crashPoint(_ action: GuestAction) {
        switch action {
        case .define: FailPoint.hit("agent.after_define")
        case .start: FailPoint.hit("agent.after_start")
        case .attachDevice, .detachDevice: FailPoint.hit("agent.after_hotplug")
        default: break
        }
    }

    /// Brings one defined domain's devices to its desired XML and returns the ports it holds
    /// afterwards (nil when its devices cannot be read). A domain that matched at the last look,
    /// with the same XML and power, is not read again.
    private func hotPlug(_ guest: DesiredGuest, domain: GuestDomainState, keys: [String: String], wired: Set<String>,
                         _ executor: GuestActionExecutor<Guests>, into result: inout PassResult) -> Set<String>? {
        let uuid = domain.uuid
        if let settled = settledDevices[uuid], settled.desiredXML == guest.domainXML, settled.active == domain.isActive {
            return Self.ports(settled.keys, keys: keys)
        }
        settledDevices[uuid] = nil
        do {
            var (live, persistent) = try executor.devices(of: domain)
            let liveKeys = Set((live ?? []).map(\.key))
            askedUnplugs = askedUnplugs.filter { $0.uuid != uuid || liveKeys.contains($0.key) }
            // A live unplug asked before stays asked until the guest lets go: asking again would
            // only wait on it once more.
            let actions = GuestHotPlug.actions(uuid: uuid, name: domain.name, desiredXML: guest.domainXML, live: live,
                                               persistent: persistent, ready: { keys[$0].map(wired.contains) ?? true })
                .filter { action in
                    guard case .detachDevice(_, _, let device, true, false) = action else { return true }
                    return !askedUnplugs.contains(AskedUnplug(uuid: uuid, key: device.key))
                }
            for action in actions {
                do {
                    try executor.perform(action)
                    result.guestActions.append(action)
                    if case .detachDevice(_, _, let device, true, _) = action { askedUnplugs.insert(AskedUnplug(uuid: uuid, key: device.key)) }
                } catch {
                    logger.warning("guest hot plug failed; retried next pass", metadata: ["guest": "\(uuid)", "error": "\(error.message)"])
                }
            }
            if !actions.isEmpty { (live, persistent) = try executor.devices(of: domain) }
            let held = Set((live ?? persistent).map(\.key))
            let pending = GuestHotPlug.actions(uuid: uuid, name: domain.name, desiredXML: guest.domainXML, live: live,
                                               persistent: persistent, ready: { _ in true })
            if pending.isEmpty { settledDevices[uuid] = SettledDevices(desiredXML: guest.domainXML, active: domain.isActive, keys: held) }
            return Self.ports(held, keys: keys)
        } catch {
            logger.warning("cannot read a guest's devices", metadata: ["guest": "\(uuid)", "error": "\(error.message)"])
            return nil
        }
    }
}
