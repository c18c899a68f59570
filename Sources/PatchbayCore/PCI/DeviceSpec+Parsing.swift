extension DeviceSpec {
    /// The keys that select devices; every other key of an entry is a tag.
    static let selectorKeys: Set<String> = ["vendor_id", "product_id", "address", "devname"]

    /// Parses one `[pci]device_spec` value as pasted from nova.conf: a JSON object or a list of them.
    ///
    /// `entry` is the 1-based position of the value among the configured values; it is quoted
    /// in the error, which also names the offending JSON and the reason
    /// (`config.invalid_device_spec`, `ConfigError`).
    public static func parse(json text: String, entry: Int = 1) throws(PatchbayError) -> [DeviceSpec] {
        let value: JSONValue
        do {
            value = try JSONParser.parse(text)
        } catch {
            throw .invalidDeviceSpec(entry: entry, json: text, reason: "it is not JSON (\((error as? PatchbayError)?.message ?? "\(error)"))")
        }
        return try parse(value, entry: entry)
    }

    /// Parses one already decoded `[pci]device_spec` value; errors as for `parse(json:entry:)`.
    public static func parse(_ value: JSONValue, entry: Int = 1) throws(PatchbayError) -> [DeviceSpec] {
        let objects: [JSONValue]
        switch value {
        case .object: objects = [value]
        case .array(let elements): objects = elements
        default:
            throw .invalidDeviceSpec(entry: entry, json: PCIConfigText.render(value),
                                     reason: "expected a JSON object or a list of objects, not a \(value.typeName)")
        }
        var specs: [DeviceSpec] = []
        specs.reserveCapacity(objects.count)
        for object in objects {
            do throws(PCIConfigReason) {
                guard let members = object.objectValue else {
                    throw PCIConfigReason("expected a JSON object, not a \(object.typeName)")
                }
                specs.append(try parseObject(members))
            } catch {
                throw .invalidDeviceSpec(entry: entry, json: PCIConfigText.render(object), reason: error.text)
            }
        }
        return specs
    }

    /// Parses the members of one entry object.
    static func parseObject(_ members: [String: JSONValue]) throws(PCIConfigReason) -> DeviceSpec {
        if members["address"] != nil && members["devname"] != nil {
            throw PCIConfigReason("it gives both address and devname; give at most one")
        }
        return DeviceSpec(vendorId: try anyOrHexID(members["vendor_id"], key: "vendor_id"),
                          productId: try anyOrHexID(members["product_id"], key: "product_id"),
                          selector: try selector(members),
                          tags: try tags(members))
    }

    /// A missing key or `*` is any id; otherwise a normalised 4-digit hex id.
    private static func anyOrHexID(_ value: JSONValue?, key: String) throws(PCIConfigReason) -> String? {
        guard let value, value != "*" else { return nil }
        return try PCIConfigText.hexID(value, key: key)
    }

    private static func selector(_ members: [String: JSONValue]) throws(PCIConfigReason) -> Selector {
        if let address = members["address"] {
            switch address {
            case .string(let glob): return .address(try AddressPattern.parseGlob(glob))
            case .object(let fields): return .address(try AddressPattern.parseRegexDict(fields))
            default:
                throw PCIConfigReason("address must be a glob string or a dict of regular expressions, not a \(address.typeName)")
            }
        }
        if let devname = members["devname"] {
            guard let name = devname.stringValue, !PCIConfigText.trimmed(name).isEmpty else {
                throw PCIConfigReason("devname must be a non-empty interface name")
            }
            return .devname(String(PCIConfigText.trimmed(name)))
        }
        return .any
    }

    /// Every non-selector key, normalised to a string value.
    private static func tags(_ members: [String: JSONValue]) throws(PCIConfigReason) -> [String: String] {
        var tags: [String: String] = [:]
        for key in members.keys.sorted() where !selectorKeys.contains(key) {
            guard !PCIConfigText.trimmed(key).isEmpty else { throw PCIConfigReason("a tag has an empty name") }
            let value = members[key] ?? .null
            switch key {
            case physicalNetworkTag:
                if value.isNull { continue }
                guard let physnet = value.stringValue, !physnet.isEmpty else {
                    throw PCIConfigReason("physical_network must be a non-empty string or null, not \(PCIConfigText.render(value))")
                }
                tags[key] = physnet
            case trustedTag:
                tags[key] = try boolean(value, key: key)
            default:
                tags[key] = try tagText(value, key: key)
            }
        }
        return tags
    }

    /// JSON true/false or the strings "true"/"false" in any case, as "true" or "false".
    private static func boolean(_ value: JSONValue, key: String) throws(PCIConfigReason) -> String {
        if let flag = value.boolValue { return flag ? "true" : "false" }
        if let text = value.stringValue?.lowercased(), text == "true" || text == "false" { return text }
        throw PCIConfigReason("\(key) must be a boolean (true or false), not \(PCIConfigText.render(value))")
    }

    /// A free-form tag: strings as they are, booleans and numbers as their JSON text.
    private static func tagText(_ value: JSONValue, key: String) throws(PCIConfigReason) -> String {
        switch value {
        case .string(let text): return text
        case .bool, .int, .double: return PCIConfigText.render(value)
        default: throw PCIConfigReason("tag '\(key)' must be a string, boolean or number, not a \(value.typeName)")
        }
    }
}
