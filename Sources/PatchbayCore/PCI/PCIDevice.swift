/// What kind of PCI function a device is, in Nova's terms.
public enum PCIDeviceType: String, Sendable, Codable, Hashable, CaseIterable {
    /// A plain PCI device (no SR-IOV), e.g. a GPU or an FPGA.
    case pci = "type-PCI"
    /// An SR-IOV physical function.
    case pf = "type-PF"
    /// An SR-IOV virtual function.
    case vf = "type-VF"
}

/// A PCI device as a host reports it (from sysfs), before any device_spec is applied.
public struct PCIDevice: Sendable, Codable, Hashable, Identifiable {
    /// The device's address; unique per host.
    public var address: PCIAddress
    /// Vendor id, 4 lowercase hex digits (e.g. `8086`).
    public var vendorId: String
    /// Product id, 4 lowercase hex digits (e.g. `154c`).
    public var productId: String
    /// PCI, PF or VF.
    public var type: PCIDeviceType
    /// For a VF, its PF's address.
    public var parentAddress: PCIAddress?
    /// NUMA node, nil when the platform reports none (-1 in sysfs).
    public var numaNode: Int?
    /// The network interface name, if the device has one (PFs, VFs bound to a net driver).
    public var netdev: String?
    /// For a PF, its MAC address; for a VF, the MAC of its PF.
    public var pfMACAddress: String?
    /// For a VF, its index under the PF (`virtfnN`).
    public var vfNumber: Int?
    /// For a network PF, what it offers its VFs; for its VFs, the same. Nil for other devices.
    public var nicFeatures: NICFeatures?

    /// The address as the identity.
    public var id: PCIAddress { address }

    /// Creates a device.
    public init(address: PCIAddress, vendorId: String, productId: String, type: PCIDeviceType,
                parentAddress: PCIAddress? = nil, numaNode: Int? = nil, netdev: String? = nil,
                pfMACAddress: String? = nil, vfNumber: Int? = nil, nicFeatures: NICFeatures? = nil) {
        self.address = address
        self.vendorId = vendorId.lowercased()
        self.productId = productId.lowercased()
        self.type = type
        self.parentAddress = parentAddress
        self.numaNode = numaNode
        self.netdev = netdev
        self.pfMACAddress = pfMACAddress
        self.vfNumber = vfNumber
        self.nicFeatures = nicFeatures
    }

    /// `vendor:product`, as Nova writes `pci_vendor_info`.
    public var vendorInfo: String { "\(vendorId):\(productId)" }
}

/// The lifecycle state of a device in the inventory.
public enum PCIDeviceState: String, Sendable, Codable, Hashable, CaseIterable {
    /// Free to claim.
    case available
    /// Reserved for a server being built.
    case claimed
    /// In use by a running server.
    case allocated
    /// Blocked by a related device (a PF whose VF is used, or VFs of a used PF), or unhealthy.
    case unavailable
    /// Gone from the host; kept only while a server still holds it.
    case removed
}
