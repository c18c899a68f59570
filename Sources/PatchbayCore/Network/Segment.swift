/// The L2 network types Patchbay's type drivers know.
public enum NetworkType: String, Sendable, Codable, CaseIterable, Hashable {
    case flat, vlan, vxlan

    /// True for types that carry traffic in an overlay rather than on a physical network.
    public var isTunnelled: Bool { self == .vxlan }
}

/// One provider segment of a network: the type, the physical network (flat/vlan only) and the
/// VLAN id or VNI (nil for flat).
public struct Segment: Sendable, Codable, Hashable {
    /// The segment's network type.
    public var networkType: NetworkType
    /// The physical network name for flat and vlan segments; nil for tunnelled ones.
    public var physicalNetwork: String?
    /// The VLAN id (vlan) or VNI (vxlan); nil for flat.
    public var segmentationId: Int?

    /// Creates a segment.
    public init(networkType: NetworkType, physicalNetwork: String? = nil, segmentationId: Int? = nil) {
        self.networkType = networkType
        self.physicalNetwork = physicalNetwork
        self.segmentationId = segmentationId
    }

    /// The MTU Neutron computes for this type with a 1500-byte physical MTU: VXLAN loses 50 bytes.
    public func mtu(globalPhysnetMTU: Int = 1500) -> Int {
        networkType == .vxlan ? globalPhysnetMTU - 50 : globalPhysnetMTU
    }
}
