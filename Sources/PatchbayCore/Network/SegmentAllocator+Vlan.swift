extension SegmentAllocator {
    /// Validates and fulfils a `vlan` provider request.
    static func allocateVlan(_ request: ProviderRequest, config: TypeDriverConfig, allocated: AllocatedSegments,
                             using rng: inout some RandomNumberGenerator) throws(PatchbayError) -> Segment {
        guard let physnet = request.physicalNetwork else {
            if request.segmentationId != nil {
                throw .invalidInput("segmentation_id requires physical_network for VLAN provider network")
            }
            guard let segment = randomVlanSegment(config: config, allocated: allocated, using: &rng) else {
                throw .noNetworkAvailable
            }
            return segment
        }
        guard config.vlanPhysnets.contains(physnet) else {
            throw .invalidInput("physical_network '\(physnet)' unknown for VLAN provider network")
        }
        let inUse = allocated.vlan[physnet] ?? []
        if let vlanId = request.segmentationId {
            let bounds = TypeDriverConfig.vlanIdBounds
            guard bounds.contains(vlanId) else {
                throw .invalidInput(
                    "segmentation_id out of range (\(bounds.lowerBound) through \(bounds.upperBound))")
            }
            guard !inUse.contains(vlanId) else { throw .vlanIdInUse(vlanId, physnet: physnet) }
            return Segment(networkType: .vlan, physicalNetwork: physnet, segmentationId: vlanId)
        }
        guard let vlanId = vlanPool(on: physnet, config: config).randomFreeId(excluding: inUse, using: &rng) else {
            throw .noNetworkAvailable
        }
        return Segment(networkType: .vlan, physicalNetwork: physnet, segmentationId: vlanId)
    }

    /// A random free VLAN on the first physnet (in config order) that has one, or nil.
    static func randomVlanSegment(config: TypeDriverConfig, allocated: AllocatedSegments,
                                  using rng: inout some RandomNumberGenerator) -> Segment? {
        for physnet in config.vlanPhysnets {
            let pool = vlanPool(on: physnet, config: config)
            if let vlanId = pool.randomFreeId(excluding: allocated.vlan[physnet] ?? [], using: &rng) {
                return Segment(networkType: .vlan, physicalNetwork: physnet, segmentationId: vlanId)
            }
        }
        return nil
    }

    /// The allocatable VLAN ids of one physical network.
    private static func vlanPool(on physnet: String, config: TypeDriverConfig) -> SegmentIdPool {
        SegmentIdPool(config.vlanRanges(on: physnet), within: TypeDriverConfig.vlanIdBounds)
    }
}
