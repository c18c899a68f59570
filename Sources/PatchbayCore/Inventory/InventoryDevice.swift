/// A PCI device as the inventory tracks it: the host's report plus what its device_spec entry added.
///
/// The inventory never matches device_spec entries itself; the caller passes devices that
/// already passed the spec, with the tags of the entry that matched them.
public struct InventoryDevice: Sendable, Codable, Hashable, Identifiable {
    /// The device as the host reported it.
    public var device: PCIDevice
    /// The `physical_network` tag of the matching spec entry; nil when untagged.
    public var physicalNetwork: String?
    /// The `trusted` tag of the matching spec entry.
    public var trusted: Bool
    /// Every other tag of the matching spec entry; each one is part of the pool key.
    public var tags: [String: String]

    /// Creates an inventory device.
    public init(device: PCIDevice, physicalNetwork: String? = nil, trusted: Bool = false,
                tags: [String: String] = [:]) {
        self.device = device
        self.physicalNetwork = physicalNetwork
        self.trusted = trusted
        self.tags = tags
    }

    /// The device's PCI address, its identity on the host.
    public var address: PCIAddress { device.address }

    /// The address as the identity.
    public var id: PCIAddress { device.address }

    /// The device's type (PCI, PF or VF).
    public var type: PCIDeviceType { device.type }

    /// For a VF, the address of its PF; nil for every other device.
    public var parentAddress: PCIAddress? { device.type == .vf ? device.parentAddress : nil }
}
