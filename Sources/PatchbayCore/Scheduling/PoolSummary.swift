/// A counted pool of identical free PCI devices on one host, as the scheduler sees it.
///
/// Pools are keyed like Nova's (one pool per PF: the PF address for its VFs, the device's own
/// address for a PF or a plain PCI device), so picking is O(pools), never O(devices).
public struct PoolSummary: Sendable, Hashable, Codable {
    /// Vendor id, 4 lowercase hex digits.
    public var vendorId: String
    /// Product id, 4 lowercase hex digits.
    public var productId: String
    /// PCI, PF or VF.
    public var deviceType: PCIDeviceType
    /// The devices' NUMA node; nil when the platform reports none.
    public var numaNode: Int?
    /// The `physical_network` tag from the device_spec; nil when the spec has none.
    public var physicalNetwork: String?
    /// The `trusted` tag from the device_spec.
    public var trusted: Bool
    /// Every other device_spec tag, lowercased values.
    public var tags: [String: String]
    /// The pool's PF address (VF and PF pools of one card share it); nil when unknown.
    public var address: PCIAddress?
    /// How many devices of this pool are free to claim.
    public var free: Int
    /// What the pool's NIC provides.
    public var nicCapabilities: Set<Capability>

    /// Creates a pool summary.
    public init(vendorId: String, productId: String, deviceType: PCIDeviceType, numaNode: Int? = nil,
                physicalNetwork: String? = nil, trusted: Bool = false, tags: [String: String] = [:],
                address: PCIAddress? = nil, free: Int, nicCapabilities: Set<Capability> = []) {
        self.vendorId = vendorId.lowercased()
        self.productId = productId.lowercased()
        self.deviceType = deviceType
        self.numaNode = numaNode
        self.physicalNetwork = physicalNetwork
        self.trusted = trusted
        self.tags = tags
        self.address = address
        self.free = free
        self.nicCapabilities = nicCapabilities
    }
}
