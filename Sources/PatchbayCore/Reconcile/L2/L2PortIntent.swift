/// What the host agent wants for one port's layer-2 device: which bridge its tap joins, or which
/// macvtap it gets. The input of `L2Reconciler`.
public struct L2PortIntent: Hashable, Sendable {
    /// How the port reaches its network.
    public enum Kind: Hashable, Sendable {
        /// The port's tap joins `bridge`, which carries `uplink` (the physnet's interface); `vlan`
        /// is the segment's 802.1Q id, nil for a flat network.
        case bridged(bridge: String, uplink: String?, vlan: Int?)
        /// The port's tap joins `bridge`, which carries the VXLAN device of `vni`; the device sends
        /// from `localIP` (over `underlay` when given) and floods to each VTEP in `peers`.
        case vxlan(bridge: String, vni: Int, localIP: String, underlay: String?, peers: [String])
        /// The agent creates a macvtap on `source` in `mode` (e.g. `bridge`, `vepa`) with the port's `mac`.
        case macvtap(source: String, mode: String, mac: String)
    }

    /// The Neutron port id.
    public var portID: String
    /// How the port reaches its network.
    public var kind: Kind

    /// Creates an intent for one port.
    public init(portID: String, kind: Kind) {
        self.portID = portID
        self.kind = kind
    }

    /// The port's device, created by the agent: its tap (`tap` + 11 characters of the id) for
    /// bridged and vxlan ports, its macvtap (`mvt` + 11 characters) for macvtap ports.
    public var deviceName: String {
        switch kind {
        case .bridged, .vxlan: Self.tapName(portID: portID)
        case .macvtap: Self.macvtapName(portID: portID)
        }
    }

    /// The tap of a port (see ``PortDevice/tapName(portID:)``).
    public static func tapName(portID: String) -> String { PortDevice.tapName(portID: portID) }

    /// The macvtap of a port (see ``PortDevice/macvtapName(portID:)``).
    public static func macvtapName(portID: String) -> String { PortDevice.macvtapName(portID: portID) }

    /// Every macvtap the agent owns starts with this prefix; one without an intent is deleted.
    public static let macvtapPrefix = PortDevice.macvtapPrefix

    /// The macvtap mode as iproute2 spells it: lower case, and libvirt's `passthrough` is `passthru`.
    public static func iproute2MacvtapMode(_ mode: String) -> String {
        let lowered = mode.lowercased()
        return lowered == "passthrough" ? "passthru" : lowered
    }

    /// The VXLAN device of a VNI: `vxlan-<vni>`.
    public static func vxlanDeviceName(vni: Int) -> String { "vxlan-\(vni)" }

    /// The access VLAN the port's tap must carry: the segment's VLAN, `.flat` for a flat network,
    /// `.none` for a VXLAN port (its bridge carries only its VNI) and for a macvtap.
    public var accessVLAN: AccessVLAN {
        switch kind {
        case .bridged(_, _, let vlan?): .vlan(vlan)
        case .bridged(_, _, nil): .flat
        case .vxlan, .macvtap: .none
        }
    }
}
