/// Chooses the segment of a new network the way Neutron's ML2 type drivers do.
///
/// Pure and deterministic: the caller passes the segments already in use and the random number
/// generator, and records the returned segment as allocated itself.
public enum SegmentAllocator {
    /// Validates `request` and returns the segment the network gets.
    ///
    /// An empty request is a project network: each of `config.projectNetworkTypes` is tried in
    /// order (flat never), and 503 `NoNetworkAvailable` is thrown when all are exhausted. A
    /// provider request is checked against the rules of its type; a fully specified one gets
    /// exactly what it asks for (even outside the configured ranges) unless that is taken (409).
    public static func allocate(_ request: ProviderRequest, config: TypeDriverConfig,
                                allocated: AllocatedSegments,
                                using rng: inout some RandomNumberGenerator) throws(PatchbayError) -> Segment {
        if request.isEmpty {
            return try allocateProjectSegment(config: config, allocated: allocated, using: &rng)
        }
        guard let typeName = request.networkType else {
            throw .invalidInput("network_type required")
        }
        guard let type = NetworkType(rawValue: typeName) else {
            throw .invalidInput("network_type value '\(typeName)' not supported")
        }
        switch type {
        case .flat:
            return try allocateFlat(request, config: config, allocated: allocated)
        case .vlan:
            return try allocateVlan(request, config: config, allocated: allocated, using: &rng)
        case .vxlan:
            return try allocateVxlan(request, config: config, allocated: allocated, using: &rng)
        }
    }

    /// Like `allocate(_:config:allocated:using:)`, drawing from the system's random generator.
    public static func allocate(_ request: ProviderRequest, config: TypeDriverConfig,
                                allocated: AllocatedSegments) throws(PatchbayError) -> Segment {
        var rng = SystemRandomNumberGenerator()
        return try allocate(request, config: config, allocated: allocated, using: &rng)
    }

    /// A segment for a network created without provider attributes.
    static func allocateProjectSegment(config: TypeDriverConfig, allocated: AllocatedSegments,
                                       using rng: inout some RandomNumberGenerator) throws(PatchbayError) -> Segment {
        for type in config.projectNetworkTypes {
            let segment: Segment? = switch type {
            case .flat: nil
            case .vlan: randomVlanSegment(config: config, allocated: allocated, using: &rng)
            case .vxlan: randomVxlanSegment(config: config, allocated: allocated, using: &rng)
            }
            if let segment { return segment }
        }
        throw .noNetworkAvailable
    }
}
