/// The `linuxbridge` mechanism driver: binds normal ports as taps on a Linux bridge, one bridge
/// per physnet for flat and vlan segments and one per VNI for vxlan segments.
public struct LinuxBridgeDriver: MechanismDriver {
    /// The configuration name, `linuxbridge`.
    public let name = "linuxbridge"

    /// Creates the driver.
    public init() {}

    /// Binds a normal port; flat and vlan need the physnet in an alive agent's `bridge_mappings`,
    /// vxlan only needs an alive agent. The port stays DOWN until the agent reports it up.
    public func bind(_ request: BindingRequest, segment: Segment) -> DriverVerdict {
        .checking { () throws(DriverRefusal) in
            guard request.vnicType == .normal else {
                throw DriverRefusal("vnic_type \(request.vnicType.rawValue) is not supported")
            }
            let agents = try request.aliveAgents(serving: .linuxBridge)
            var details: [String: JSONValue] = ["port_filter": false, "connectivity": "l2"]
            switch segment.networkType {
            case .flat, .vlan:
                let physnet = try segment.requirePhysicalNetwork()
                guard agents.contains(where: { $0.mappings.bridgeMappings[physnet] != nil }) else {
                    throw DriverRefusal("\(physnet) not in bridge_mappings of agent on host \(request.host)")
                }
                details["bridge_name"] = .string(Self.bridgeName(physicalNetwork: physnet))
                details["vlan"] = segment.networkType == .vlan ? segment.vlanDetail : "0"
            case .vxlan:
                guard let vni = segment.segmentationId else { throw DriverRefusal("vxlan segment has no VNI") }
                details["bridge_name"] = .string(Self.bridgeName(vni: vni))
                details["vlan"] = "0"
                details["vni"] = .string(String(vni))
            }
            return .bound(vifType: .bridge, details: details, initialStatus: .down)
        }
    }

    /// Linux interface names hold at most 15 bytes (IFNAMSIZ minus the NUL).
    static let maxInterfaceNameLength = 15

    /// The bridge for a physnet: `pbr-<physnet>` when that is a valid interface name, otherwise
    /// `pbr-` and the first 11 hex digits of the name's FNV-1a hash (stable across processes).
    public static func bridgeName(physicalNetwork physnet: String) -> String {
        let literal = "pbr-" + physnet
        if literal.utf8.count <= maxInterfaceNameLength, physnet.utf8.allSatisfy(isSafeInterfaceByte) {
            return literal
        }
        return "pbr-" + String(FNV1a.hex(FNV1a.hash64(physnet)).prefix(11))
    }

    /// The bridge for a VXLAN segment: `pbvx-<vni>` (at most 13 bytes for a 24-bit VNI).
    public static func bridgeName(vni: Int) -> String { "pbvx-\(vni)" }

    /// ASCII letters, digits, `-`, `_` and `.`: bytes that never need quoting in an interface name.
    static func isSafeInterfaceByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
            true
        default:
            false
        }
    }
}
