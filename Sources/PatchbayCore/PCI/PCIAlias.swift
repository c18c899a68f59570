/// One `[pci]alias` entry: a name flavors use to request devices of one vendor and product.
///
/// Several entries may share a name; a request for the name then accepts a device matching any
/// of them (they are ORed) — see `PCIAliasTable`.
public struct PCIAlias: Sendable, Hashable {
    /// The alias name used in `pci_passthrough:alias`.
    public let name: String
    /// Vendor id, 4 lowercase hex digits.
    public let vendorId: String
    /// Product id, 4 lowercase hex digits.
    public let productId: String
    /// The device type requested; nil for any type.
    public let deviceType: PCIDeviceType?
    /// The NUMA affinity the devices need; `legacy` unless configured.
    public let numaPolicy: NUMAPolicy

    /// Creates an alias entry; ids are lowercased.
    public init(name: String, vendorId: String, productId: String, deviceType: PCIDeviceType? = nil,
                numaPolicy: NUMAPolicy = .legacy) {
        self.name = name
        self.vendorId = vendorId.lowercased()
        self.productId = productId.lowercased()
        self.deviceType = deviceType
        self.numaPolicy = numaPolicy
    }

    /// Whether `device` has this alias's vendor, product and (if set) type.
    public func matches(_ device: PCIDevice) -> Bool {
        device.vendorId == vendorId && device.productId == productId
            && (deviceType == nil || deviceType == device.type)
    }

    /// The entry as nova.conf JSON, for messages.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "name": .string(name), "vendor_id": .string(vendorId), "product_id": .string(productId),
            "numa_policy": .string(numaPolicy.rawValue),
        ]
        if let deviceType { object["device_type"] = .string(deviceType.rawValue) }
        return .object(object)
    }
}
