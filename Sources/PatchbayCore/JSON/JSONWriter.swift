/// Serialises a `JSONValue` as compact RFC 8259 JSON text in UTF-8.
///
/// Output has no insignificant whitespace. Strings escape only `"`, `\` and control characters
/// (everything else, including `/` and non-ASCII, is written raw). Doubles use Swift's shortest
/// round-trip form, so a double always reads back as a double; NaN and infinities become `null`.
public enum JSONWriter: Sendable {
    /// Appends the JSON text of `value` to `buffer`; `sortedKeys` orders object members by key.
    public static func write(_ value: JSONValue, into buffer: inout [UInt8], sortedKeys: Bool = false) {
        switch value {
        case .null: buffer.append(contentsOf: "null".utf8)
        case .bool(let flag): buffer.append(contentsOf: flag ? "true".utf8 : "false".utf8)
        case .int(let integer): writeInteger(integer, into: &buffer)
        case .double(let double): writeDouble(double, into: &buffer)
        case .string(let string): writeString(string, into: &buffer)
        case .array(let elements):
            buffer.append(JSONByte.openBracket)
            for (index, element) in elements.enumerated() {
                if index > 0 { buffer.append(JSONByte.comma) }
                write(element, into: &buffer, sortedKeys: sortedKeys)
            }
            buffer.append(JSONByte.closeBracket)
        case .object(let members):
            buffer.append(JSONByte.openBrace)
            if sortedKeys {
                for (index, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                    writeMember(member.key, member.value, first: index == 0, into: &buffer, sortedKeys: true)
                }
            } else {
                for (index, member) in members.enumerated() {
                    writeMember(member.key, member.value, first: index == 0, into: &buffer, sortedKeys: false)
                }
            }
            buffer.append(JSONByte.closeBrace)
        }
    }

    /// The JSON text of `value` as UTF-8 bytes.
    public static func bytes(_ value: JSONValue, sortedKeys: Bool = false) -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(256)
        write(value, into: &buffer, sortedKeys: sortedKeys)
        return buffer
    }

    /// The JSON text of `value` as a string.
    public static func string(_ value: JSONValue, sortedKeys: Bool = false) -> String {
        String(decoding: bytes(value, sortedKeys: sortedKeys), as: UTF8.self)
    }

    private static func writeMember(
        _ key: String, _ value: JSONValue, first: Bool, into buffer: inout [UInt8], sortedKeys: Bool
    ) {
        if !first { buffer.append(JSONByte.comma) }
        writeString(key, into: &buffer)
        buffer.append(JSONByte.colon)
        write(value, into: &buffer, sortedKeys: sortedKeys)
    }

    /// Writes decimal digits without going through `String`.
    private static func writeInteger(_ integer: Int, into buffer: inout [UInt8]) {
        if integer < 0 { buffer.append(JSONByte.minus) }
        var magnitude = integer.magnitude
        guard magnitude >= 10 else { buffer.append(JSONByte.zero + UInt8(magnitude)); return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = digits.count
            while magnitude > 0 {
                start -= 1
                digits[start] = JSONByte.zero + UInt8(magnitude % 10)
                magnitude /= 10
            }
            buffer.append(contentsOf: UnsafeMutableBufferPointer(rebasing: digits[start...]))
        }
    }

    /// Writes Swift's shortest round-trip form, making sure integral values keep a fraction or exponent.
    private static func writeDouble(_ double: Double, into buffer: inout [UInt8]) {
        guard double.isFinite else { buffer.append(contentsOf: "null".utf8); return }
        let text = double.description
        buffer.append(contentsOf: text.utf8)
        if !text.utf8.contains(where: { $0 == JSONByte.dot || $0 | 0x20 == UInt8(ascii: "e") }) {
            buffer.append(contentsOf: ".0".utf8)
        }
    }

    private static func writeString(_ string: String, into buffer: inout [UInt8]) {
        buffer.append(JSONByte.quote)
        let handled: Void? = string.utf8.withContiguousStorageIfAvailable { writeEscaped($0, into: &buffer) }
        if handled == nil { Array(string.utf8).withUnsafeBufferPointer { writeEscaped($0, into: &buffer) } }
        buffer.append(JSONByte.quote)
    }

    /// Copies runs of plain bytes in bulk and escapes `"`, `\` and control characters.
    private static func writeEscaped(_ bytes: UnsafeBufferPointer<UInt8>, into buffer: inout [UInt8]) {
        var runStart = 0
        for index in bytes.indices {
            let byte = bytes[index]
            guard byte < 0x20 || byte == JSONByte.quote || byte == JSONByte.backslash else { continue }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            runStart = index + 1
            buffer.append(JSONByte.backslash)
            switch byte {
            case JSONByte.quote, JSONByte.backslash: buffer.append(byte)
            case JSONByte.newline: buffer.append(UInt8(ascii: "n"))
            case JSONByte.carriageReturn: buffer.append(UInt8(ascii: "r"))
            case JSONByte.tab: buffer.append(UInt8(ascii: "t"))
            case 0x08: buffer.append(UInt8(ascii: "b"))
            case 0x0C: buffer.append(UInt8(ascii: "f"))
            default:
                let hexDigits: StaticString = "0123456789abcdef"
                buffer.append(contentsOf: "u00".utf8)
                buffer.append(hexDigits.utf8Start[Int(byte >> 4)])
                buffer.append(hexDigits.utf8Start[Int(byte & 0x0F)])
            }
        }
        buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
    }
}

/// Byte values of the ASCII characters the JSON grammar is built from.
enum JSONByte: Sendable {
    static let tab: UInt8 = 0x09, newline: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D, space: UInt8 = 0x20
    static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), slash = UInt8(ascii: "/")
    static let comma = UInt8(ascii: ","), colon = UInt8(ascii: ":"), minus = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+"), dot = UInt8(ascii: "."), zero = UInt8(ascii: "0")
    static let nine = UInt8(ascii: "9")
    static let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]")
}
