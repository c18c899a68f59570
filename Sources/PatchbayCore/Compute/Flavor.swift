/// A Nova flavor: the size of a server, and extra specs such as `pci_passthrough:alias`.
public struct Flavor: Sendable, Codable, Hashable, Identifiable {
    /// Flavor id (Nova allows any string).
    public var id: String
    /// Unique name.
    public var name: String
    /// Memory in MB.
    public var ramMB: Int
    /// Virtual CPUs.
    public var vcpus: Int
    /// Root disk in GB.
    public var diskGB: Int
    /// Whether every project may use it.
    public var isPublic: Bool
    /// Free-form description.
    public var description: String?
    /// Extra specs, e.g. `pci_passthrough:alias` = `"a1:2"`.
    public var extraSpecs: [String: String]

    /// Creates a flavor.
    public init(id: String, name: String, ramMB: Int, vcpus: Int, diskGB: Int = 0, isPublic: Bool = true,
                description: String? = nil, extraSpecs: [String: String] = [:]) {
        self.id = id
        self.name = name
        self.ramMB = ramMB
        self.vcpus = vcpus
        self.diskGB = diskGB
        self.isPublic = isPublic
        self.description = description
        self.extraSpecs = extraSpecs
    }

    /// The extra spec naming PCI aliases.
    public static let pciAliasKey = "pci_passthrough:alias"
}
