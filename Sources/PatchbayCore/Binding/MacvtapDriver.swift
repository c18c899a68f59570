/// The `macvtap` mechanism driver: binds normal ports as macvtap devices on the host interface
/// that the Macvtap agent maps to a flat segment's physnet.
///
/// VLAN segments are refused: Neutron's macvtap agent puts such a port on an 802.1Q
/// sub-interface `<iface>.<vlan>`, which Patchbay's agent does not create (its hosts may have no
/// 802.1Q devices at all), and a macvtap has no way to tag frames itself. A port that cannot be
/// wired is never bound: it fails with the reason, and the Linux bridge driver (VLAN access
/// ports) or an SR-IOV VF (which carries the tag) is the way onto a VLAN.
public struct MacvtapDriver: MechanismDriver {
    /// The configuration name, `macvtap`.
    public let name = "macvtap"

    /// The refusal for a VLAN segment, worded for an operator reading `binding:failure_reason`.
    public static func vlanRefusal(_ vlan: Int?) -> String {
        "vlan segment \(vlan.map(String.init) ?? "-") cannot be bound to macvtap: the macvtap agent would need the "
            + "802.1Q sub-interface <interface>.<vlan>, which Patchbay's agent does not create; use a flat "
            + "network for macvtap, the linuxbridge driver or an SR-IOV macvtap/direct port for VLANs"
    }

    /// Creates the driver.
    public init() {}

    /// Binds a normal port on a flat segment in macvtap bridge mode on the mapped interface; the
    /// port stays DOWN until the agent reports it up.
    public func bind(_ request: BindingRequest, segment: Segment) -> DriverVerdict {
        .checking { () throws(DriverRefusal) in
            guard request.vnicType == .normal else {
                throw DriverRefusal("vnic_type \(request.vnicType.rawValue) is not supported")
            }
            guard segment.networkType == .flat || segment.networkType == .vlan else {
                throw DriverRefusal("\(segment.networkType.rawValue) segments cannot be bound to macvtap")
            }
            let physnet = try segment.requirePhysicalNetwork()
            let agents = try request.aliveAgents(serving: .macvtap)
            guard let interface = agents.lazy.compactMap({ $0.mappings.interfaceMappings[physnet] }).first else {
                throw DriverRefusal("\(physnet) not in interface_mappings of agent on host \(request.host)")
            }
            // Only now, with an agent that maps the physnet: it is the VLAN that cannot be carried.
            if segment.networkType == .vlan { throw DriverRefusal(Self.vlanRefusal(segment.segmentationId)) }
            return .bound(vifType: .macvtap, details: Self.details(interface: interface), initialStatus: .down)
        }
    }

    /// The vif_details for a macvtap on `interface` (no `vlan` key: Nova's macvtap plug would
    /// create a VLAN sub-interface whenever it is present).
    static func details(interface: String) -> [String: JSONValue] {
        ["physical_interface": .string(interface), "macvtap_mode": "bridge",
         "macvtap_source": .string(interface), "port_filter": false]
    }
}
