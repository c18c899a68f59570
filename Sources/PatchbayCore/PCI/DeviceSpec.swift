/// One `[pci]device_spec` entry: which host devices may be passed through, and their tags.
///
/// A device matches when its vendor and product ids match (nil means any) and its selector
/// matches. A selector naming one PF, by a fully specified glob address or by `devname`, also
/// matches every VF whose parent is that PF, as in Nova.
public struct DeviceSpec: Sendable, Hashable {
    /// How an entry picks devices besides vendor and product ids.
    public enum Selector: Sendable, Hashable {
        /// No `address` and no `devname`: every device.
        case any
        /// The `address` key, a glob or a regex dict.
        case address(AddressPattern)
        /// The `devname` key: the device whose network interface has this name.
        case devname(String)
    }

    /// The tag naming the physical network a device is cabled to.
    public static let physicalNetworkTag = "physical_network"
    /// The tag saying VFs may be trusted (promiscuous mode, MAC changes).
    public static let trustedTag = "trusted"

    /// Vendor id, 4 lowercase hex digits; nil for any vendor.
    public let vendorId: String?
    /// Product id, 4 lowercase hex digits; nil for any product.
    public let productId: String?
    /// The address or devname selector.
    public let selector: Selector
    /// Every tag, normalised to strings; `trusted` is "true" or "false".
    ///
    /// A `physical_network` of JSON null ("explicitly no physnet", for hardware-offloaded
    /// tunnels) is left out, exactly like an absent one: both mean the device is on no physnet.
    public let tags: [String: String]
    /// The `physical_network` tag, nil when absent or null.
    public let physicalNetwork: String?
    /// Whether the `trusted` tag is "true".
    public let trusted: Bool
    /// The plain-data tests, for fast matching.
    let matcher: DeviceSpecMatcher

    /// Creates an entry from already normalised parts.
    public init(vendorId: String? = nil, productId: String? = nil, selector: Selector = .any,
                tags: [String: String] = [:]) {
        self.vendorId = vendorId?.lowercased()
        self.productId = productId?.lowercased()
        self.selector = selector
        self.tags = tags
        physicalNetwork = tags[Self.physicalNetworkTag]
        trusted = tags[Self.trustedTag] == "true"
        matcher = DeviceSpecMatcher(vendorId: self.vendorId, productId: self.productId, selector: selector)
    }

    /// Whether `device` matches; `parent` is the device at its `parentAddress`, if the host has one.
    public func matches(_ device: PCIDevice, parent: PCIDevice?) -> Bool {
        let parentPF = device.type == .vf && parent?.type == .pf ? parent?.address : nil
        switch matcher.verdict(vendor: DeviceSpecMatcher.number(device.vendorId),
                               product: DeviceSpecMatcher.number(device.productId),
                               address: device.address, parentPF: parentPF) {
        case .match: return true
        case .miss: return false
        case .undecided: return finishMatch(device, parent: parentPF == nil ? nil : parent)
        }
    }

    /// The string and regex tests the matcher leaves open; `parentPF` is the VF's PF, if known.
    func finishMatch(_ device: PCIDevice, parent parentPF: PCIDevice?) -> Bool {
        switch selector {
        case .any: return true
        case .address(let pattern): return pattern.matches(device.address)
        case .devname(let name): return device.netdev == name || (parentPF != nil && parentPF?.netdev == name)
        }
    }
}
