/// The `sriovnicswitch` mechanism driver: binds SR-IOV ports (vnic direct, macvtap and
/// direct-physical) to flat and vlan segments whose physnet the host's NIC Switch agent maps.
public struct SriovNicSwitchDriver: MechanismDriver {
    /// The configuration name, `sriovnicswitch`.
    public let name = "sriovnicswitch"

    /// Creates the driver.
    public init() {}

    /// Binds direct and macvtap ports as `hw_veb` (DOWN until the agent reports the VF up) and
    /// direct-physical ports as `hostdev_physical` (ACTIVE at once, no agent involved).
    public func bind(_ request: BindingRequest, segment: Segment) -> DriverVerdict {
        .checking { () throws(DriverRefusal) in
            let vifType = try Self.vifType(for: request)
            guard segment.networkType == .flat || segment.networkType == .vlan else {
                throw DriverRefusal("\(segment.networkType.rawValue) segments cannot be bound to SR-IOV")
            }
            let physnet = try segment.requirePhysicalNetwork()
            let details: [String: JSONValue] = [
                "port_filter": false, "connectivity": "l2", "vlan": segment.vlanDetail,
            ]
            // A physical function is not managed by the agent, so Neutron binds it blind.
            if vifType == .hostdevPhysical {
                return .bound(vifType: vifType, details: details, initialStatus: .active)
            }
            let agents = try request.aliveAgents(serving: .nicSwitch)
            guard agents.contains(where: { $0.mappings.deviceMappings[physnet] != nil }) else {
                throw DriverRefusal("\(physnet) not in device_mappings of agent on host \(request.host)")
            }
            return .bound(vifType: vifType, details: details, initialStatus: .down)
        }
    }

    /// The vif type for the request's vnic type; throws for vnic types SR-IOV does not bind.
    static func vifType(for request: BindingRequest) throws(DriverRefusal) -> VifType {
        switch request.vnicType {
        case .normal:
            throw DriverRefusal("vnic_type \(request.vnicType.rawValue) is not supported")
        case .direct where request.hasCapability("switchdev"):
            throw DriverRefusal("switchdev (OVS hardware offload) ports are not bound by SR-IOV")
        case .direct, .macvtap:
            return .hwVeb
        case .directPhysical:
            return .hostdevPhysical
        }
    }
}
