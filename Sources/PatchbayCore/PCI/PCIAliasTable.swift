/// The configured `[pci]alias` entries grouped by name; entries sharing a name are ORed.
///
/// Entries with one name must agree on `numa_policy` and `device_type`, as Nova requires.
public struct PCIAliasTable: Sendable, Hashable {
    /// Every alias name with its entries, in configuration order.
    public private(set) var entriesByName: [String: [PCIAlias]] = [:]

    /// An empty table.
    public init() {}

    /// Groups `aliases` by name; a name whose entries disagree is a `config.invalid_pci_alias` error
    /// that names the first disagreeing entry (numbered from 1).
    public init(_ aliases: [PCIAlias]) throws(PatchbayError) {
        for (index, alias) in aliases.enumerated() {
            try add(alias, entry: index + 1, json: PCIConfigText.render(alias.json))
        }
    }

    /// Parses every configured `[pci]alias` value (numbered from 1) and groups the entries.
    public static func parse(values: [String]) throws(PatchbayError) -> PCIAliasTable {
        var table = PCIAliasTable()
        for (index, value) in values.enumerated() {
            for alias in try PCIAlias.parse(json: value, entry: index + 1) {
                try table.add(alias, entry: index + 1, json: PCIConfigText.render(alias.json))
            }
        }
        return table
    }

    /// The entries named `name` (any of them satisfies a request), or nil for an unknown name.
    public subscript(name: String) -> [PCIAlias]? { entriesByName[name] }

    /// The alias names, sorted.
    public var names: [String] { entriesByName.keys.sorted() }

    /// The NUMA policy shared by the entries named `name`, or nil for an unknown name.
    public func numaPolicy(of name: String) -> NUMAPolicy? { entriesByName[name]?.first?.numaPolicy }

    private mutating func add(_ alias: PCIAlias, entry: Int, json: String) throws(PatchbayError) {
        if let first = entriesByName[alias.name]?.first {
            if first.numaPolicy != alias.numaPolicy {
                throw .invalidPCIAlias(entry: entry, json: json, reason: "alias '\(alias.name)' has numa_policy "
                    + "\(alias.numaPolicy.rawValue) but an earlier entry with that name has \(first.numaPolicy.rawValue)")
            }
            if first.deviceType != alias.deviceType {
                throw .invalidPCIAlias(entry: entry, json: json, reason: "alias '\(alias.name)' has device_type "
                    + "\(alias.deviceType?.rawValue ?? "(any)") but an earlier entry with that name has "
                    + "\(first.deviceType?.rawValue ?? "(any)")")
            }
        }
        entriesByName[alias.name, default: []].append(alias)
    }
}
