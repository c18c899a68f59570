/// The ordered `[pci]device_spec` entries of a host plus the addresses it keeps for itself.
///
/// The **first** entry that matches a device decides its tags, so a later entry with another
/// physnet never applies to it. An excluded address (seed 000, case 3: VFs the host itself uses)
/// never matches, whatever the entries say.
public struct DeviceSpecList: Sendable, Hashable {
    /// The entries, in configuration order.
    public let specs: [DeviceSpec]
    /// Addresses that are never passed through.
    public let exclusions: Set<PCIAddress>
    /// The entries' plain-data tests, contiguous for the matching loop.
    private let matchers: [DeviceSpecMatcher]

    /// Creates a list from parsed entries and excluded addresses.
    public init(specs: [DeviceSpec], exclusions: some Sequence<PCIAddress> = []) {
        self.specs = specs
        self.exclusions = Set(exclusions)
        matchers = specs.map(\.matcher)
    }

    /// Parses every configured `device_spec` value (entries numbered from 1) and the exclusions.
    ///
    /// An exclusion that is not a `dddd:bb:ss.f` address is a `config.invalid_device_spec` error.
    public static func parse(values: [String], exclusions: [String] = []) throws(PatchbayError) -> DeviceSpecList {
        var specs: [DeviceSpec] = []
        for (index, value) in values.enumerated() {
            specs += try DeviceSpec.parse(json: value, entry: index + 1)
        }
        var excluded: [PCIAddress] = []
        for (index, text) in exclusions.enumerated() {
            guard let address = PCIAddress(String(PCIConfigText.trimmed(text))) else {
                throw PatchbayError(
                    code: "config.invalid_device_spec", type: "ConfigError", category: .internalError,
                    message: "device_spec exclusion \(index + 1) '\(text)' is invalid: it is not a PCI address dddd:bb:ss.f")
            }
            excluded.append(address)
        }
        return DeviceSpecList(specs: specs, exclusions: excluded)
    }

    /// The device tagged by the first matching entry, or nil when it is excluded or nothing matches.
    ///
    /// `host` maps the host's addresses to its devices; it is used to find a VF's PF, so that an
    /// entry naming the PF (exact address or devname) covers the VF.
    public func match(_ device: PCIDevice, in host: [PCIAddress: PCIDevice]) -> MatchedDevice? {
        let parent = device.parentAddress.flatMap { host[$0] }
        return firstMatch(device, parent: parent)
    }

    /// Matches every device of one host against the list, keeping input order and dropping misses.
    ///
    /// The address index is built once; each device then costs one dictionary lookup for its PF
    /// plus the entry tests, with no per-device pattern building.
    public func matchAll(_ devices: [PCIDevice]) -> [MatchedDevice] {
        var host: [PCIAddress: PCIDevice] = [:]
        host.reserveCapacity(devices.count)
        for device in devices where device.type == .pf { host[device.address] = device }
        var matched: [MatchedDevice] = []
        matched.reserveCapacity(devices.count)
        for device in devices {
            let parent = device.parentAddress.flatMap { host[$0] }
            if let hit = firstMatch(device, parent: parent) { matched.append(hit) }
        }
        return matched
    }

    private func firstMatch(_ device: PCIDevice, parent: PCIDevice?) -> MatchedDevice? {
        guard !exclusions.contains(device.address) else { return nil }
        let parentPF = device.type == .vf && parent?.type == .pf ? parent : nil
        let vendor = DeviceSpecMatcher.number(device.vendorId)
        let product = DeviceSpecMatcher.number(device.productId)
        let address = device.address
        let index = matchers.withUnsafeBufferPointer { tests -> Int? in
            for index in tests.indices {
                switch tests[index].verdict(vendor: vendor, product: product, address: address,
                                            parentPF: parentPF?.address) {
                case .match: return index
                case .miss: continue
                case .undecided: if specs[index].finishMatch(device, parent: parentPF) { return index }
                }
            }
            return nil
        }
        return index.map { MatchedDevice(device: device, specIndex: $0, spec: specs[$0]) }
    }
}
