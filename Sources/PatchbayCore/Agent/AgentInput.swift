/// Checks for the values a host's agent reports. Every failure is a 400 `InvalidInput` whose
/// message names the field, so an operator can find the setting that produced it.
public enum AgentInput {
    /// Longest accepted host name (a DNS name's limit).
    public static let maxHostNameLength = 253
    /// Longest accepted short name (agent type, binary, physnet).
    public static let maxNameLength = 64
    /// Linux interface names are at most 15 bytes (IFNAMSIZ - 1).
    public static let maxInterfaceNameLength = 15

    /// A DNS-style host name: dot-separated labels of 1–63 letters, digits and hyphens, no label
    /// starting or ending with a hyphen, at most 253 characters in all. Case is kept.
    public static func hostName(_ text: String?, field: String) throws(PatchbayError) -> String {
        guard let text, !text.isEmpty else { throw .invalidInput("\(field) is required") }
        guard isHostName(text) else {
            throw .invalidInput("\(field) '\(clipped(text))' is not a host name (dot-separated labels of letters, digits "
                                + "and hyphens, 1-63 characters each, at most \(maxHostNameLength) in all)")
        }
        return text
    }

    /// Whether `text` is a DNS-style host name (see `hostName(_:field:)`).
    public static func isHostName(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= maxHostNameLength else { return false }
        return text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            let bytes = Array(label.utf8)
            guard (1...63).contains(bytes.count), bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-") else { return false }
            return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        }
    }

    /// A short name (agent binary, physnet): 1–64 printable ASCII characters without spaces,
    /// separators (`:`, `,`, `;`, `/`) or quotes.
    public static func name(_ text: String, field: String) throws(PatchbayError) -> String {
        let forbidden = Set(":,;/\\\"'`".utf8)
        guard (1...maxNameLength).contains(text.utf8.count),
              text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !forbidden.contains($0) }) else {
            throw .invalidInput("\(field) '\(clipped(text))' must be 1-\(maxNameLength) printable characters without spaces, "
                                + "quotes or separators")
        }
        return text
    }

    /// A Linux network interface name: 1–15 bytes, no `/`, `:`, whitespace, not `.` or `..`.
    public static func interfaceName(_ text: String, field: String) throws(PatchbayError) -> String {
        guard (1...maxInterfaceNameLength).contains(text.utf8.count), text != ".", text != "..",
              text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: ":") }) else {
            throw .invalidInput("\(field) '\(clipped(text))' is not a network interface name (1-15 characters, no '/', ':' or spaces)")
        }
        return text
    }

    /// A server or port id: a UUID in its hyphenated text form (either case).
    public static func uuid(_ text: String, field: String) throws(PatchbayError) -> String {
        guard isUUID(text) else { throw .invalidInput("\(field) '\(clipped(text))' is not a UUID") }
        return text
    }

    /// Whether `text` is 8-4-4-4-12 hex digits.
    public static func isUUID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        return bytes.enumerated().allSatisfy { index, byte in
            [8, 13, 18, 23].contains(index) ? byte == UInt8(ascii: "-") : isHexDigit(byte)
        }
    }

    /// An integer within `range`.
    public static func integer(_ value: JSONValue?, field: String, in range: ClosedRange<Int>) throws(PatchbayError) -> Int {
        guard let value else { throw .invalidInput("\(field) is required") }
        guard let number = value.intValue, range.contains(number) else {
            throw .invalidInput("\(field) must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// At most the first 64 characters of untrusted text, for error messages.
    static func clipped(_ text: String) -> String {
        text.count <= 64 ? text : String(text.prefix(64)) + "…"
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }
}
