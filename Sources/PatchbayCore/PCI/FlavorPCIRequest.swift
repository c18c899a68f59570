/// A flavor's `pci_passthrough:alias` extra spec, e.g. `"a1:2, a2:1"`: devices by alias and count.
public struct FlavorPCIRequest: Sendable, Hashable {
    /// One `name:count` item of the extra spec.
    public struct Item: Sendable, Hashable {
        /// The `[pci]alias` name.
        public let aliasName: String
        /// How many devices, at least 1.
        public let count: Int

        /// Creates an item.
        public init(aliasName: String, count: Int) {
            self.aliasName = aliasName
            self.count = count
        }
    }

    /// The items in the order written; a repeated name gives separate requests, as in Nova.
    public let items: [Item]

    /// Creates a request from items.
    public init(items: [Item]) { self.items = items }

    /// Parses `"name:count[, name:count…]"`; any malformed item is a
    /// `flavor.invalid_pci_alias_request` (`InvalidInput`, 400) error naming the item.
    public static func parse(_ value: String) throws(PatchbayError) -> FlavorPCIRequest {
        func invalid(_ reason: String) -> PatchbayError { .invalidPCIAliasRequest(value, reason: reason) }
        guard !PCIConfigText.trimmed(value).isEmpty else { throw invalid("it is empty; expected 'alias:count'") }
        var items: [Item] = []
        for rawItem in value.split(separator: ",", omittingEmptySubsequences: false) {
            let item = PCIConfigText.trimmed(String(rawItem))
            let parts = item.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw invalid("item '\(item)' is not of the form 'alias:count'") }
            let name = PCIConfigText.trimmed(String(parts[0]))
            let countText = PCIConfigText.trimmed(String(parts[1]))
            guard !name.isEmpty else { throw invalid("item '\(item)' has an empty alias name") }
            guard !countText.isEmpty, countText.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let count = Int(countText) else {
                throw invalid("item '\(item)' has count '\(countText)', which is not a whole number")
            }
            guard count >= 1 else { throw invalid("item '\(item)' has count \(count); the count must be at least 1") }
            items.append(Item(aliasName: String(name), count: count))
        }
        return FlavorPCIRequest(items: items)
    }

    /// Parses as `parse(_:)`, then checks that every alias name is configured in `aliases`.
    public static func parse(_ value: String, aliases: PCIAliasTable) throws(PatchbayError) -> FlavorPCIRequest {
        let request = try parse(value)
        try request.validate(against: aliases)
        return request
    }

    /// Fails with `flavor.invalid_pci_alias_request` naming the first alias `aliases` lacks.
    public func validate(against aliases: PCIAliasTable) throws(PatchbayError) {
        if let unknown = items.first(where: { aliases[$0.aliasName] == nil }) {
            throw PatchbayError.invalidPCIAliasRequest(
                items.map { "\($0.aliasName):\($0.count)" }.joined(separator: ", "),
                reason: "PCI alias \(unknown.aliasName) is not defined")
        }
    }

    /// The total number of devices requested.
    public var totalCount: Int { items.reduce(0) { $0 + $1.count } }
}
