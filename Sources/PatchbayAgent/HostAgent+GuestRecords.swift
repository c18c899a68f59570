import PatchbayCore

/// The guest pass's bookkeeping: which port a device is, and the reboots carried out.
extension HostAgent {
    /// Per server (lowercase id), each of its ports' device keys: its MAC, and for a passed
    /// through PF its PCI slot.
    static func portKeys(_ ports: [HostPort]) -> [String: [String: String]] {
        var keys: [String: [String: String]] = [:]
        for port in ports where !port.deviceId.isEmpty {
            let owner = port.deviceId.lowercased()
            keys[owner, default: [:]][GuestNICDevice.key(mac: port.macAddress)] = port.id
            if port.vifType == "hostdev_physical", let slot = port.profile["pci_slot"]?.stringValue {
                keys[owner, default: [:]][GuestNICDevice.key(pciAddress: slot)] = port.id
            }
        }
        return keys
    }

    /// The ports among `keys` whose device key is in `held`.
    static func ports(_ held: Set<String>, keys: [String: String]) -> Set<String> {
        Set(held.compactMap { keys[$0] })
    }

    /// Reads the reboot record into `carriedOutReboots`; empty (and nothing kept) when unreadable.
    func loadReboots() -> [String: Int] {
        do {
            let counters = try rebootRecord.counters()
            carriedOutReboots = counters
            return counters
        } catch {
            logger.error("cannot read the reboot record; no reboot is carried out this pass", metadata: ["error": "\(error.message)"])
            return [:]
        }
    }

    /// Saves `counters` when they changed.
    func saveReboots(_ counters: [String: Int]) {
        guard counters != carriedOutReboots else { return }
        do {
            try rebootRecord.save(counters)
            carriedOutReboots = counters
        } catch {
            logger.error("cannot save the reboot record", metadata: ["error": "\(error.message)"])
        }
    }
}
