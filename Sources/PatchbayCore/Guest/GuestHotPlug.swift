/// Hot plug as a pure function: a defined domain's devices now, and the devices its desired XML
/// names, in; the detaches and attaches that make them match, out.
///
/// Devices are matched by ``GuestNICDevice/key``. A device the desired XML lacks is detached from
/// wherever it still is (the running domain, the definition, or both), before anything is
/// attached, so a MAC or a PCI function is free before it is used again. A desired device is
/// attached where it is missing, once `ready` says its host side is wired (a tap filtered on its
/// bridge, a VF with its settings); until then it waits for a later pass.
public enum GuestHotPlug {
    /// The actions for domain `uuid`/`name`.
    /// - Parameters:
    ///   - desiredXML: the domain XML the server wants.
    ///   - live: the running domain's devices, or nil when the domain is not running.
    ///   - persistent: the devices of the domain's definition.
    ///   - ready: whether the host side of the device with this key is wired.
    public static func actions(uuid: String, name: String, desiredXML: String, live: [GuestNICDevice]?,
                               persistent: [GuestNICDevice], ready: (String) -> Bool) -> [GuestAction] {
        let desired = GuestNICDevice.devices(inDomainXML: desiredXML)
        let wanted = Set(desired.map(\.key))
        let liveKeys = Set((live ?? []).map(\.key)), persistentKeys = Set(persistent.map(\.key))
        var actions: [GuestAction] = []
        var seen: Set<String> = []
        for device in (live ?? []) + persistent where !wanted.contains(device.key) && seen.insert(device.key).inserted {
            actions.append(.detachDevice(uuid: uuid, name: name, device: device,
                                         live: liveKeys.contains(device.key), config: persistentKeys.contains(device.key)))
        }
        for device in desired {
            let missingLive = live != nil && !liveKeys.contains(device.key)
            let missingConfig = !persistentKeys.contains(device.key)
            guard missingLive || missingConfig, ready(device.key) else { continue }
            actions.append(.attachDevice(uuid: uuid, name: name, device: device, live: missingLive, config: missingConfig))
        }
        return actions
    }
}

/// Reboots as a pure function: the reboots the owner asked (a counter per guest) against the
/// last counter the agent carried out.
public enum GuestReboots {
    /// A `reboot` for each wanted guest that runs, was not (re)booted by `performed` in this pass,
    /// and whose requested counter is above the one carried out. A guest without a record is not
    /// rebooted (see ``carriedOut(desired:actual:previous:performed:)``).
    public static func actions(desired: [DesiredGuest], actual: [GuestDomainState], carriedOut: [String: Int],
                               performed: [GuestAction]) -> [GuestAction] {
        let active = Set(actual.filter(\.isActive).map(\.uuid))
        let booted = Set(performed.filter(\.boots).map(\.uuid))
        return desired.filter { guest in
            let uuid = guest.uuid.lowercased()
            guard guest.power == .running, active.contains(uuid), !booted.contains(uuid),
                  let done = carriedOut[uuid] else { return false }
            return guest.reboot.counter > done
        }
        .sorted { $0.uuid.lowercased() < $1.uuid.lowercased() }
        .map { .reboot(uuid: $0.uuid.lowercased(), name: $0.name, hard: $0.reboot.hard) }
    }

    /// The counters carried out after a pass, for the wanted guests only: a guest (re)booted by
    /// `performed` has carried out its current counter (a fresh boot satisfies every reboot asked
    /// before it); a guest the agent has no record of (a record lost with the state directory)
    /// adopts its current counter rather than being rebooted unasked; others keep theirs.
    public static func carriedOut(desired: [DesiredGuest], previous: [String: Int], performed: [GuestAction]) -> [String: Int] {
        let booted = Set(performed.filter(\.boots).map(\.uuid))
        var next: [String: Int] = [:]
        for guest in desired {
            let uuid = guest.uuid.lowercased()
            next[uuid] = booted.contains(uuid) ? guest.reboot.counter : (previous[uuid] ?? guest.reboot.counter)
        }
        return next
    }
}
