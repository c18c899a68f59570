/// The seam to the tc filters Patchbay owns for port mirroring and bumps in the wire.
///
/// `LinuxPortMirroring` runs `tc`; `InMemoryPortMirroring` (PatchbayTesting) is the stateful fake.
public protocol PortMirroring: Sendable {
    /// Patchbay's filters on `device` (both hooks, preferences in `TCRule.ownedPrefs`); empty for
    /// a device without a clsact qdisc.
    ///
    /// Equivalent to: `tc -j filter show dev $device ingress` and `… egress`.
    func installedRules(on device: String) throws(PatchbayError) -> [InstalledTCRule]

    /// Applies one device's change as one batch: deletes the removals by preference, creates the
    /// clsact qdisc if additions need it, then adds the filters.
    ///
    /// Equivalent to: `tc -batch` of `filter del dev $device $hook pref $pref` and `qdisc replace
    /// dev $device clsact` and `filter add dev $device $hook pref $pref …` lines.
    func apply(_ change: TCDeviceChange) throws(PatchbayError)
}

extension PortMirroring {
    /// Lists `devices` (and the devices of `wanted`), diffs and applies; returns what changed.
    ///
    /// A device named in `devices` but not in `wanted` loses all Patchbay filters.
    @discardableResult
    public func converge(_ wanted: [TCRule], devices: Set<String> = []) throws(PatchbayError) -> [TCDeviceChange] {
        var present: [InstalledTCRule] = []
        for device in devices.union(wanted.map(\.device)).sorted() {
            present += try installedRules(on: device)
        }
        let changes = TCRuleDiff.changes(wanted: wanted, present: present)
        for change in changes { try apply(change) }
        return changes
    }
}

extension PatchbayError {
    /// 500 `TCFilterRejected`: a filter change was refused (a taken preference, a missing filter).
    public static func tcFilterRejected(_ command: String, _ reason: String) -> PatchbayError {
        PatchbayError(code: "tap.tc_filter_rejected", type: "TCFilterRejected", category: .internalError,
                      message: "\(command) failed: \(reason)")
    }
}
