/// The identity of a device pool, after Nova's `PciDeviceStats` pool keys.
///
/// Devices that agree on every field are interchangeable for the scheduler. `poolAddress` is
/// the PF's address for a VF and the device's own address otherwise, so there is one VF pool
/// per PF and one pool per PF or PCI device.
public struct PoolKey: Sendable, Codable, Hashable, Comparable, CustomStringConvertible {
    /// Vendor id, 4 lowercase hex digits.
    public var vendorId: String
    /// Product id, 4 lowercase hex digits.
    public var productId: String
    /// NUMA node of the devices; nil when the platform reports none.
    public var numaNode: Int?
    /// PCI, PF or VF.
    public var deviceType: PCIDeviceType
    /// The `physical_network` tag; nil when untagged.
    public var physicalNetwork: String?
    /// The `trusted` tag.
    public var trusted: Bool
    /// All other device_spec tags.
    public var tags: [String: String]
    /// The PF address for VFs, the device's own address otherwise.
    public var poolAddress: PCIAddress
    /// What the devices' NIC provides (``NICFeatures/capabilities``); one PF's VFs agree on it.
    public var nicCapabilities: Set<Capability>

    /// Creates a key from its fields.
    public init(vendorId: String, productId: String, numaNode: Int?, deviceType: PCIDeviceType,
                physicalNetwork: String?, trusted: Bool, tags: [String: String], poolAddress: PCIAddress,
                nicCapabilities: Set<Capability> = []) {
        self.vendorId = vendorId.lowercased()
        self.productId = productId.lowercased()
        self.numaNode = numaNode
        self.deviceType = deviceType
        self.physicalNetwork = physicalNetwork
        self.trusted = trusted
        self.tags = tags
        self.poolAddress = poolAddress
        self.nicCapabilities = nicCapabilities
    }

    /// The key of the pool a device belongs to.
    public init(_ device: InventoryDevice) {
        // PCIDevice lowercases its ids at creation; a caller that later assigned mixed case gets it fixed here.
        let hex = device.device
        vendorId = hex.vendorId.utf8.contains(where: { $0 >= 65 && $0 <= 90 }) ? hex.vendorId.lowercased() : hex.vendorId
        productId = hex.productId.utf8.contains(where: { $0 >= 65 && $0 <= 90 }) ? hex.productId.lowercased() : hex.productId
        numaNode = hex.numaNode
        deviceType = hex.type
        physicalNetwork = device.physicalNetwork
        trusted = device.trusted
        tags = device.tags
        poolAddress = device.parentAddress ?? device.address
        nicCapabilities = hex.nicFeatures?.capabilities ?? []
    }

    /// Deterministic order: vendor, product, type, NUMA node (none first), physnet (none first),
    /// untrusted before trusted, pool address, then the tags.
    public static func < (lhs: PoolKey, rhs: PoolKey) -> Bool {
        if (lhs.vendorId, lhs.productId, lhs.deviceType.rawValue) != (rhs.vendorId, rhs.productId, rhs.deviceType.rawValue) {
            return (lhs.vendorId, lhs.productId, lhs.deviceType.rawValue) < (rhs.vendorId, rhs.productId, rhs.deviceType.rawValue)
        }
        if lhs.numaNode != rhs.numaNode { return (lhs.numaNode ?? -1) < (rhs.numaNode ?? -1) }
        if lhs.physicalNetwork != rhs.physicalNetwork {
            guard let left = lhs.physicalNetwork else { return true }
            guard let right = rhs.physicalNetwork else { return false }
            return left < right
        }
        if lhs.trusted != rhs.trusted { return !lhs.trusted }
        if lhs.poolAddress != rhs.poolAddress { return lhs.poolAddress < rhs.poolAddress }
        return lhs.tagText < rhs.tagText
    }

    /// Hashes only the pool address and type: keys that share them are rare and still compared
    /// in full, and skipping the strings and tags makes pool lookups cheap on the claim path.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(poolAddress)
        hasher.combine(deviceType)
    }

    /// A readable form for messages, e.g. `8086:154c type-VF numa 0 physnet1 pf 0000:81:00.0`.
    public var description: String {
        var parts = ["\(vendorId):\(productId)", deviceType.rawValue, "numa \(numaNode.map(String.init) ?? "none")",
                     "physnet \(physicalNetwork ?? "none")"]
        if trusted { parts.append("trusted") }
        if !tags.isEmpty { parts.append("tags {\(tagText)}") }
        parts.append("\(deviceType == .vf ? "pf" : "address") \(poolAddress)")
        return parts.joined(separator: " ")
    }

    /// The tags as `k=v` pairs sorted by key, for ordering and messages.
    private var tagText: String {
        tags.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }
}
