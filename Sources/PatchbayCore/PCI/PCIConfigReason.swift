/// Why a PCI configuration value is invalid, before the caller adds which entry it was.
struct PCIConfigReason: Error, Sendable, Equatable {
    /// The reason, phrased to follow "is invalid: ".
    let text: String

    /// Wraps a reason.
    init(_ text: String) { self.text = text }
}

extension PatchbayError {
    /// 500 `ConfigError` for a bad `[pci]device_spec` value: names the entry, its JSON and the reason.
    static func invalidDeviceSpec(entry: Int, json: String, reason: String) -> PatchbayError {
        PatchbayError(code: "config.invalid_device_spec", type: "ConfigError", category: .internalError,
                      message: "device_spec entry \(entry) '\(json)' is invalid: \(reason)")
    }

    /// 500 `ConfigError` for a bad `[pci]alias` value: names the entry, its JSON and the reason.
    static func invalidPCIAlias(entry: Int, json: String, reason: String) -> PatchbayError {
        PatchbayError(code: "config.invalid_pci_alias", type: "ConfigError", category: .internalError,
                      message: "[pci]alias entry \(entry) '\(json)' is invalid: \(reason)")
    }

    /// 400 `InvalidInput` for a bad `pci_passthrough:alias` flavor extra spec.
    static func invalidPCIAliasRequest(_ value: String, reason: String) -> PatchbayError {
        PatchbayError(code: "flavor.invalid_pci_alias_request", type: "InvalidInput", category: .badRequest,
                      message: "pci_passthrough:alias '\(value)' is invalid: \(reason)")
    }
}

/// Small parsing helpers shared by device specs and aliases.
enum PCIConfigText {
    /// Normalises a vendor or product id: hex (optional `0x`), at most 0xFFFF, to 4 lowercase digits.
    static func hexID(_ value: JSONValue, key: String) throws(PCIConfigReason) -> String {
        guard let text = value.stringValue else {
            throw PCIConfigReason("\(key) must be a hex string, not a \(value.typeName)")
        }
        var digits = trimmed(text)
        if digits.lowercased().hasPrefix("0x") { digits = digits.dropFirst(2) }
        guard !digits.isEmpty, digits.allSatisfy(\.isHexDigit) else {
            throw PCIConfigReason("\(key) '\(text)' is not a hexadecimal number")
        }
        guard let number = Int(digits, radix: 16), number <= 0xFFFF else {
            throw PCIConfigReason("\(key) '\(text)' is greater than 0xFFFF")
        }
        return hex(number, width: 4)
    }

    /// `text` without leading and trailing whitespace.
    static func trimmed(_ text: String) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = text.firstIndex(where: { !isSpace($0) }),
              let last = text.lastIndex(where: { !isSpace($0) }) else { return "" }
        return text[first...last]
    }

    /// `value` in lowercase hex, zero-padded to `width` digits.
    static func hex(_ value: Int, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Compact JSON text of a config value, keys sorted, for error messages.
    static func render(_ value: JSONValue) -> String { JSONWriter.string(value, sortedKeys: true) }
}
