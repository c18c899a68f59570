/// The `provider:*` attributes of a network create request, before validation.
///
/// The type stays a string so that an unsupported value can be reported in Neutron's words.
public struct ProviderRequest: Sendable, Hashable {
    /// `provider:network_type`, as sent.
    public var networkType: String?
    /// `provider:physical_network`, as sent.
    public var physicalNetwork: String?
    /// `provider:segmentation_id`, as sent.
    public var segmentationId: Int?

    /// Creates a request; every attribute defaults to absent.
    public init(networkType: String? = nil, physicalNetwork: String? = nil, segmentationId: Int? = nil) {
        self.networkType = networkType
        self.physicalNetwork = physicalNetwork
        self.segmentationId = segmentationId
    }

    /// Creates a request from a typed network type.
    public init(_ networkType: NetworkType, physicalNetwork: String? = nil, segmentationId: Int? = nil) {
        self.init(networkType: networkType.rawValue, physicalNetwork: physicalNetwork,
                  segmentationId: segmentationId)
    }

    /// True when no provider attribute was given: a project network that gets an allocated segment.
    public var isEmpty: Bool { networkType == nil && physicalNetwork == nil && segmentationId == nil }
}
