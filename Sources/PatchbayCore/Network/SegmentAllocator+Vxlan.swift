extension SegmentAllocator {
    /// Validates and fulfils a `vxlan` provider request.
    static func allocateVxlan(_ request: ProviderRequest, config: TypeDriverConfig, allocated: AllocatedSegments,
                              using rng: inout some RandomNumberGenerator) throws(PatchbayError) -> Segment {
        guard request.physicalNetwork == nil else {
            throw .invalidInput("provider:physical_network specified for VXLAN network")
        }
        if let vni = request.segmentationId {
            let bounds = TypeDriverConfig.vniBounds
            guard bounds.contains(vni) else {
                throw .invalidInput(
                    "segmentation_id out of range (\(bounds.lowerBound) through \(bounds.upperBound))")
            }
            guard !allocated.vxlan.contains(vni) else { throw .tunnelIdInUse(vni) }
            return Segment(networkType: .vxlan, segmentationId: vni)
        }
        guard let segment = randomVxlanSegment(config: config, allocated: allocated, using: &rng) else {
            throw .noNetworkAvailable
        }
        return segment
    }

    /// A random free VNI from the configured ranges, or nil when they are exhausted.
    static func randomVxlanSegment(config: TypeDriverConfig, allocated: AllocatedSegments,
                                   using rng: inout some RandomNumberGenerator) -> Segment? {
        let pool = SegmentIdPool(config.vniRanges, within: TypeDriverConfig.vniBounds)
        return pool.randomFreeId(excluding: allocated.vxlan, using: &rng).map {
            Segment(networkType: .vxlan, segmentationId: $0)
        }
    }
}
