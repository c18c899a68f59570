/// A snapshot of a host's layer-2 devices: the actual state `L2Reconciler` compares intents with.
public struct HostLinkState: Hashable, Sendable {
    /// Every link, by name.
    public var links: [String: HostLink]
    /// The access VLAN read back from the tc programs of each device that has any; a device not
    /// listed has `.none`.
    public var accessVLANs: [String: AccessVLAN]
    /// The VTEPs each VXLAN device floods to (its all-zero-MAC FDB entries), by device.
    public var floodPeers: [String: Set<String>]

    /// Creates a snapshot.
    public init(links: [HostLink] = [], accessVLANs: [String: AccessVLAN] = [:],
                floodPeers: [String: Set<String>] = [:]) {
        self.links = Dictionary(links.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        self.accessVLANs = accessVLANs.filter { $0.value != .none }
        self.floodPeers = floodPeers.filter { !$0.value.isEmpty }
    }

    /// The access VLAN of `device`; `.none` when it has no programs.
    public func accessVLAN(of device: String) -> AccessVLAN { accessVLANs[device] ?? .none }

    /// The flood peers of `device`; empty when it has none.
    public func peers(of device: String) -> Set<String> { floodPeers[device] ?? [] }
}
