extension AddressPattern {
    /// The keys a regex-dict address may have.
    static let regexKeys = ["domain", "bus", "slot", "function"]

    /// Parses a glob such as `"*:0a:00.*"`; a bad glob is a `config.invalid_device_spec` error.
    public static func parse(glob: String) throws(PatchbayError) -> AddressPattern {
        do {
            return try parseGlob(glob)
        } catch {
            throw .invalidDeviceSpec(entry: 1, json: PCIConfigText.render(["address": .string(glob)]),
                                     reason: error.text)
        }
    }

    /// Parses a regex dict such as `["bus": "8[1-2]", "function": "[2-7]"]`; errors as for globs.
    public static func parse(regexFields: [String: String]) throws(PatchbayError) -> AddressPattern {
        let object = regexFields.mapValues { JSONValue.string($0) }
        do {
            return try parseRegexDict(object)
        } catch {
            throw .invalidDeviceSpec(entry: 1, json: PCIConfigText.render(["address": .object(object)]),
                                     reason: error.text)
        }
    }

    /// Parses `[[[[dom]:]bus]:][slot][.[func]]`, checking each field's hex value and range.
    static func parseGlob(_ text: String) throws(PCIConfigReason) -> AddressPattern {
        let glob = PCIConfigText.trimmed(text)
        let halves = glob.split(separator: ".", omittingEmptySubsequences: false)
        guard halves.count <= 2 else {
            throw PCIConfigReason("address '\(text)' has more than one '.'")
        }
        let leading = halves[0].split(separator: ":", omittingEmptySubsequences: false)
        guard leading.count <= 3 else {
            throw PCIConfigReason("address '\(text)' has more than three ':'-separated fields before the '.'")
        }
        let padded = Array(repeating: Substring(""), count: 3 - leading.count) + leading
        let function = halves.count == 2 ? halves[1] : ""
        let fields = AddressFieldTests(
            domain: try globField(padded[0], name: "domain", limit: 0xFFFF, in: text),
            bus: try globField(padded[1], name: "bus", limit: 0xFF, in: text),
            slot: try globField(padded[2], name: "slot", limit: 0x1F, in: text),
            function: try globField(function, name: "function", limit: 0x7, in: text))
        return AddressPattern(form: .glob, description: String(glob).lowercased(), fields: fields)
    }

    /// One glob field: blank or `*` is any value, otherwise hex digits within `0...limit`.
    private static func globField(_ field: Substring, name: String, limit: Int,
                                  in text: String) throws(PCIConfigReason) -> AddressFieldMatcher {
        if field.isEmpty || field == "*" { return .any }
        guard field.allSatisfy({ $0.isASCII && $0.isHexDigit }) else {
            throw PCIConfigReason("address '\(text)' has \(name) '\(field)', which is neither hex nor '*'")
        }
        guard let value = Int(field, radix: 16), value <= limit else {
            throw PCIConfigReason("address '\(text)' has \(name) '\(field)' above the maximum \(String(limit, radix: 16))")
        }
        return .exact(value)
    }

    /// Parses `{"domain": re, "bus": re, "slot": re, "function": re}`; every key is optional.
    static func parseRegexDict(_ object: [String: JSONValue]) throws(PCIConfigReason) -> AddressPattern {
        if let unknown = object.keys.sorted().first(where: { !regexKeys.contains($0) }) {
            throw PCIConfigReason("address has unknown key '\(unknown)' (allowed: domain, bus, slot, function)")
        }
        func pattern(_ key: String) throws(PCIConfigReason) -> String? {
            guard let value = object[key] else { return nil }
            guard let text = value.stringValue else {
                throw PCIConfigReason("address \(key) must be a regular expression string, not a \(value.typeName)")
            }
            return text
        }
        func smallField(_ key: String, width: Int, limit: Int) throws(PCIConfigReason) -> AddressFieldMatcher {
            guard let source = try pattern(key) else { return .any }
            let expression = try compile(source, key: key, width: width)
            return .bitmap(AddressFieldBitmap(expression: expression, limit: limit + 1))
        }
        var domainExpression: AnchoredHexExpression?
        if let source = try pattern("domain"), source != ".*" {
            domainExpression = try compile(source, key: "domain", width: 4)
        }
        let fields = AddressFieldTests(
            domain: domainExpression == nil ? .any : .deferred,
            bus: try smallField("bus", width: 2, limit: 0xFF),
            slot: try smallField("slot", width: 2, limit: 0x1F),
            function: try smallField("function", width: 1, limit: 0x7))
        return AddressPattern(form: .regex, description: PCIConfigText.render(.object(object)), fields: fields,
                              domainExpression: domainExpression)
    }

    private static func compile(_ source: String, key: String, width: Int) throws(PCIConfigReason) -> AnchoredHexExpression {
        do {
            return try AnchoredHexExpression(pattern: source, width: width)
        } catch {
            throw PCIConfigReason("address \(key) \(error.text)")
        }
    }
}
