/// The segments already in use, which an allocation must avoid.
public struct AllocatedSegments: Sendable, Hashable {
    /// VLAN ids in use, per physical network.
    public var vlan: [String: Set<Int>]
    /// VNIs in use.
    public var vxlan: Set<Int>
    /// Physical networks that already carry a flat network.
    public var flat: Set<String>

    /// Creates the in-use sets; all default to empty.
    public init(vlan: [String: Set<Int>] = [:], vxlan: Set<Int> = [], flat: Set<String> = []) {
        self.vlan = vlan
        self.vxlan = vxlan
        self.flat = flat
    }

    /// Collects the segments of existing networks.
    public init(segments: some Sequence<Segment>) {
        self.init()
        for segment in segments { insert(segment) }
    }

    /// Marks a segment as in use; segments lacking their physnet or id are ignored.
    public mutating func insert(_ segment: Segment) {
        switch segment.networkType {
        case .flat:
            if let physnet = segment.physicalNetwork { flat.insert(physnet) }
        case .vlan:
            if let physnet = segment.physicalNetwork, let id = segment.segmentationId {
                vlan[physnet, default: []].insert(id)
            }
        case .vxlan:
            if let id = segment.segmentationId { vxlan.insert(id) }
        }
    }

    /// Marks a segment as free again (when its network is deleted).
    public mutating func remove(_ segment: Segment) {
        switch segment.networkType {
        case .flat:
            if let physnet = segment.physicalNetwork { flat.remove(physnet) }
        case .vlan:
            if let physnet = segment.physicalNetwork, let id = segment.segmentationId {
                vlan[physnet]?.remove(id)
                if vlan[physnet]?.isEmpty == true { vlan[physnet] = nil }
            }
        case .vxlan:
            if let id = segment.segmentationId { vxlan.remove(id) }
        }
    }

    /// Whether a segment is already in use.
    public func contains(_ segment: Segment) -> Bool {
        switch segment.networkType {
        case .flat: segment.physicalNetwork.map(flat.contains) ?? false
        case .vlan: segment.physicalNetwork.flatMap { physnet in
            segment.segmentationId.map { vlan[physnet]?.contains($0) ?? false } } ?? false
        case .vxlan: segment.segmentationId.map(vxlan.contains) ?? false
        }
    }
}
