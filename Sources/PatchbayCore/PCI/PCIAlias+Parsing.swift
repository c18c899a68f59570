extension PCIAlias {
    /// Keys that configure an alias.
    static let knownKeys: Set<String> = ["name", "vendor_id", "product_id", "device_type", "numa_policy",
                                         "capability_type"]
    /// Placement-only keys: accepted and ignored, since Patchbay does not report PCI to placement.
    static let ignoredKeys: Set<String> = ["resource_class", "traits", "live_migratable"]

    /// Parses one `[pci]alias` value as pasted from nova.conf: a JSON object or a list of them.
    ///
    /// `name`, `vendor_id` and `product_id` are required; any key outside Nova's schema is an
    /// error. Errors are `config.invalid_pci_alias` (`ConfigError`) naming `entry`, the offending
    /// JSON and the reason.
    public static func parse(json text: String, entry: Int = 1) throws(PatchbayError) -> [PCIAlias] {
        let value: JSONValue
        do {
            value = try JSONParser.parse(text)
        } catch {
            throw .invalidPCIAlias(entry: entry, json: text,
                                   reason: "it is not JSON (\((error as? PatchbayError)?.message ?? "\(error)"))")
        }
        let objects: [JSONValue]
        switch value {
        case .object: objects = [value]
        case .array(let elements): objects = elements
        default:
            throw .invalidPCIAlias(entry: entry, json: PCIConfigText.render(value),
                                   reason: "expected a JSON object or a list of objects, not a \(value.typeName)")
        }
        var aliases: [PCIAlias] = []
        for object in objects {
            do throws(PCIConfigReason) {
                guard let members = object.objectValue else {
                    throw PCIConfigReason("expected a JSON object, not a \(object.typeName)")
                }
                aliases.append(try parseObject(members))
            } catch {
                throw .invalidPCIAlias(entry: entry, json: PCIConfigText.render(object), reason: error.text)
            }
        }
        return aliases
    }

    /// Parses the members of one alias object.
    static func parseObject(_ members: [String: JSONValue]) throws(PCIConfigReason) -> PCIAlias {
        if let unknown = members.keys.sorted().first(where: { !knownKeys.contains($0) && !ignoredKeys.contains($0) }) {
            throw PCIConfigReason("unknown key '\(unknown)'")
        }
        guard let nameValue = members["name"] else { throw PCIConfigReason("name is required") }
        guard let name = nameValue.stringValue, !PCIConfigText.trimmed(name).isEmpty else {
            throw PCIConfigReason("name must be a non-empty string")
        }
        guard let vendor = members["vendor_id"] else { throw PCIConfigReason("vendor_id is required") }
        guard let product = members["product_id"] else { throw PCIConfigReason("product_id is required") }
        if let capability = members["capability_type"], capability != "pci" {
            throw PCIConfigReason("capability_type must be \"pci\", not \(PCIConfigText.render(capability))")
        }
        return PCIAlias(name: name,
                        vendorId: try PCIConfigText.hexID(vendor, key: "vendor_id"),
                        productId: try PCIConfigText.hexID(product, key: "product_id"),
                        deviceType: try enumValue(members["device_type"], key: "device_type", as: PCIDeviceType.self),
                        numaPolicy: try enumValue(members["numa_policy"], key: "numa_policy", as: NUMAPolicy.self) ?? .legacy)
    }

    /// A string that must be one of an enum's raw values; nil when the key is absent.
    private static func enumValue<Value: RawRepresentable<String> & CaseIterable>(
        _ value: JSONValue?, key: String, as type: Value.Type
    ) throws(PCIConfigReason) -> Value? {
        guard let value else { return nil }
        guard let text = value.stringValue, let parsed = Value(rawValue: text) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw PCIConfigReason("\(key) must be one of \(allowed), not \(PCIConfigText.render(value))")
        }
        return parsed
    }
}
