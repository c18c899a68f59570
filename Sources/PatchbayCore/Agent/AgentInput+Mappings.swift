extension AgentInput {
    /// Most keys one mapping may have, and most items one key may list.
    public static let maxMappingEntries = 256
    /// Most extra configuration keys an agent may report besides its mappings.
    public static let maxExtraConfigurations = 32
    /// Largest encoded size of the extra configurations.
    public static let maxExtraBytes = 64 * 1024

    /// A string when present; nil when absent or null; 400 naming the field otherwise.
    public static func text(_ value: JSONValue?, field: String) throws(PatchbayError) -> String? {
        guard let value, !value.isNull else { return nil }
        guard let text = value.stringValue else { throw .invalidInput("\(field) must be a string") }
        return text
    }

    /// Printable ASCII (spaces allowed), 1…`maxLength` characters: topics, zones, reasons.
    public static func printable(_ text: String, field: String, maxLength: Int = 255) throws(PatchbayError) -> String {
        guard (1...maxLength).contains(text.utf8.count), text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            throw .invalidInput("\(field) must be 1-\(maxLength) printable characters")
        }
        return text
    }

    /// Takes the four mapping keys out of an agent's `configurations`: `device_mappings`
    /// (physnet → interfaces), `interface_mappings` and `bridge_mappings` (physnet → interface),
    /// `exclude_devices` (interface → PCI addresses). A single string stands for a one-item list.
    public static func mappings(_ configurations: inout [String: JSONValue]) throws(PatchbayError) -> AgentMappings {
        let devices = try map(configurations.removeValue(forKey: "device_mappings"), "configurations.device_mappings",
                              key: name) { value, field throws(PatchbayError) in try list(value, field, interfaceName) }
        let interfaces = try map(configurations.removeValue(forKey: "interface_mappings"), "configurations.interface_mappings",
                                 key: name) { value, field throws(PatchbayError) in try interfaceName(try string(value, field), field: field) }
        let bridges = try map(configurations.removeValue(forKey: "bridge_mappings"), "configurations.bridge_mappings",
                              key: name) { value, field throws(PatchbayError) in try interfaceName(try string(value, field), field: field) }
        let excluded = try map(configurations.removeValue(forKey: "exclude_devices"), "configurations.exclude_devices",
                               key: interfaceName) { value, field throws(PatchbayError) in
            try list(value, field) { text, field throws(PatchbayError) in try pciAddress(text, field: field).description }
        }
        return AgentMappings(deviceMappings: devices, interfaceMappings: interfaces, bridgeMappings: bridges, excludeDevices: excluded)
    }

    /// The configurations left after the mappings: `tunneling_ip` must be a usable tunnel
    /// endpoint (stored in canonical form); keys are short names; at most 32 keys and 64 KiB.
    public static func extraConfigurations(_ configurations: [String: JSONValue]) throws(PatchbayError) -> [String: JSONValue] {
        guard configurations.count <= maxExtraConfigurations else {
            throw .invalidInput("configurations may carry at most \(maxExtraConfigurations) keys besides the mappings")
        }
        var extra: [String: JSONValue] = [:]
        for (key, value) in configurations {
            _ = try name(key, field: "configurations key")
            extra[key] = value
        }
        if let value = extra["tunneling_ip"], !value.isNull {
            extra["tunneling_ip"] = .string(try tunnelingIP(try string(value, "configurations.tunneling_ip"),
                                                            field: "configurations.tunneling_ip").description)
        }
        guard JSONWriter.bytes(.object(extra)).count <= maxExtraBytes else {
            throw .invalidInput("configurations are larger than \(maxExtraBytes / 1024) KiB")
        }
        return extra
    }

    static func string(_ value: JSONValue, _ field: String) throws(PatchbayError) -> String {
        guard let text = value.stringValue else { throw .invalidInput("\(field) must be a string") }
        return text
    }

    static func map<T>(_ value: JSONValue?, _ field: String, key: (String, String) throws(PatchbayError) -> String,
                       _ convert: (JSONValue, String) throws(PatchbayError) -> T) throws(PatchbayError) -> [String: T] {
        guard let value, !value.isNull else { return [:] }
        guard let object = value.objectValue, object.count <= maxMappingEntries else {
            throw .invalidInput("\(field) must be an object of at most \(maxMappingEntries) keys")
        }
        var result: [String: T] = [:]
        for (name, item) in object {
            result[try key(name, "\(field) key")] = try convert(item, "\(field).\(clipped(name))")
        }
        return result
    }

    static func list(_ value: JSONValue, _ field: String,
                     _ convert: (String, String) throws(PatchbayError) -> String) throws(PatchbayError) -> [String] {
        if let single = value.stringValue { return [try convert(single, field)] }
        guard let items = value.arrayValue, items.count <= maxMappingEntries else {
            throw .invalidInput("\(field) must be a list of at most \(maxMappingEntries) strings")
        }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            result.append(try convert(try string(item, "\(field)[\(index)]"), "\(field)[\(index)]"))
        }
        return result
    }
}
