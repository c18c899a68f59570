/// The `macvtap` mechanism driver: binds normal ports as macvtap devices on the host interface
/// that the Macvtap agent maps to a flat or vlan segment's physnet.
public struct MacvtapDriver: MechanismDriver {
    /// The configuration name, `macvtap`.
    public let name = "macvtap"

    /// Creates the driver.
    public init() {}

    /// Binds a normal port in macvtap bridge mode on the mapped interface (or its VLAN
    /// sub-interface `<iface>.<vlan>`); the port stays DOWN until the agent reports it up.
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
            return .bound(vifType: .macvtap, details: Self.details(interface: interface, segment: segment),
                          initialStatus: .down)
        }
    }

    /// The vif_details for a macvtap on `interface`.
    ///
    /// `vlan` is only written for vlan segments: Nova's macvtap plug creates a VLAN
    /// sub-interface whenever the key is present, so a `"0"` for flat would be harmful.
    static func details(interface: String, segment: Segment) -> [String: JSONValue] {
        var details: [String: JSONValue] = [
            "physical_interface": .string(interface), "macvtap_mode": "bridge",
            "macvtap_source": .string(interface), "port_filter": false,
        ]
        if segment.networkType == .vlan, let vlan = segment.segmentationId {
            details["macvtap_source"] = .string("\(interface).\(vlan)")
            details["vlan"] = .string(String(vlan))
        }
        return details
    }
}
