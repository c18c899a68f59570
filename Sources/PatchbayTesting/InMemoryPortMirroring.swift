import PatchbayCore
import Synchronization

/// A stateful fake of the `PortMirroring` seam: devices with their Patchbay filters by hook and
/// preference, failing like `tc` for an unknown device, a taken preference or a missing filter.
public final class InMemoryPortMirroring: PortMirroring {
    private struct Slot: Hashable { var hook: TCHook; var pref: Int }
    private let devices: Mutex<[String: [Slot: TCRule]]>
    private let batches = Atomic<Int>(0)

    /// Creates a host with the given devices, none holding filters.
    public init(devices: Set<String>) {
        self.devices = Mutex(Dictionary(uniqueKeysWithValues: devices.map { ($0, [:]) }))
    }

    /// Adds a device (as `ip link add` would).
    public func addDevice(_ name: String) {
        devices.withLock { if $0[name] == nil { $0[name] = [:] } }
    }

    /// Removes a device and, with it, its filters (as `ip link del` would).
    public func removeDevice(_ name: String) {
        _ = devices.withLock { $0.removeValue(forKey: name) }
    }

    /// How many batches `apply` has run.
    public var batchCount: Int { batches.load(ordering: .relaxed) }

    /// The rules on `device`, in hook and preference order.
    public func rules(on device: String) -> [TCRule] {
        devices.withLock { table in
            (table[device] ?? [:]).sorted { ($0.key.hook, $0.key.pref) < ($1.key.hook, $1.key.pref) }.map(\.value)
        }
    }

    /// Equivalent to: `tc -j filter show dev $device ingress|egress`.
    public func installedRules(on device: String) throws(PatchbayError) -> [InstalledTCRule] {
        let slots = devices.withLock { $0[device] }
        guard let slots else { throw .netlinkDeviceNotFound(device) }
        return slots.map { InstalledTCRule(device: device, hook: $0.key.hook, pref: $0.key.pref, key: $0.value.key) }
            .sorted { ($0.hook, $0.pref) < ($1.hook, $1.pref) }
    }

    /// Equivalent to: one `tc -batch` of the change; nothing changes when a line would fail.
    public func apply(_ change: TCDeviceChange) throws(PatchbayError) {
        let failure: PatchbayError? = devices.withLock { table in
            guard var slots = table[change.device] else { return .netlinkDeviceNotFound(change.device) }
            for removal in change.removals {
                guard slots.removeValue(forKey: Slot(hook: removal.hook, pref: removal.pref)) != nil else {
                    return .tcFilterRejected("tc filter del dev \(change.device) \(removal.hook.rawValue) pref \(removal.pref)",
                                          "Error: Filter with specified priority/protocol not found.")
                }
            }
            for placed in change.additions {
                let slot = Slot(hook: placed.rule.hook, pref: placed.pref)
                if case .mirror(let target, _) = placed.rule.action, table[target] == nil { return .netlinkDeviceNotFound(target) }
                if case .redirect(let target, _) = placed.rule.action, table[target] == nil { return .netlinkDeviceNotFound(target) }
                guard slots[slot] == nil, placed.rule.device == change.device else {
                    return .tcFilterRejected("tc filter add dev \(change.device) pref \(placed.pref)", "Error: Exclusivity flag on, cannot modify.")
                }
                slots[slot] = placed.rule
            }
            table[change.device] = slots
            return nil
        }
        if let failure { throw failure }
        batches.add(1, ordering: .relaxed)
    }
}
