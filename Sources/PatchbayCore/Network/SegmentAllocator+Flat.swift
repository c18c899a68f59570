extension SegmentAllocator {
    /// Validates and fulfils a `flat` provider request: one flat network per allowed physnet.
    static func allocateFlat(_ request: ProviderRequest, config: TypeDriverConfig,
                             allocated: AllocatedSegments) throws(PatchbayError) -> Segment {
        guard let physnet = request.physicalNetwork else {
            throw .invalidInput("physical_network required for flat provider network")
        }
        guard request.segmentationId == nil else {
            throw .invalidInput("segmentation_id specified for flat provider network")
        }
        guard config.flatNetworks.allows(physnet) else {
            throw .invalidInput("physical_network '\(physnet)' unknown for flat provider network")
        }
        guard !allocated.flat.contains(physnet) else { throw .flatNetworkInUse(physnet: physnet) }
        return Segment(networkType: .flat, physicalNetwork: physnet)
    }
}
