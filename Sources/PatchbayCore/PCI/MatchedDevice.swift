/// A host device that a `[pci]device_spec` entry accepted, with that entry's tags.
public struct MatchedDevice: Sendable, Hashable {
    /// The device as the host reported it.
    public let device: PCIDevice
    /// The 0-based position, in the spec list, of the first entry that matched.
    public let specIndex: Int
    /// The entry's `physical_network` tag; nil when absent or null.
    public let physicalNetwork: String?
    /// Whether the entry's `trusted` tag is "true".
    public let trusted: Bool
    /// All of the entry's tags (pool keys), normalised to strings.
    public let tags: [String: String]

    /// Pairs `device` with the entry at `specIndex`.
    public init(device: PCIDevice, specIndex: Int, spec: DeviceSpec) {
        self.device = device
        self.specIndex = specIndex
        physicalNetwork = spec.physicalNetwork
        trusted = spec.trusted
        tags = spec.tags
    }
}
