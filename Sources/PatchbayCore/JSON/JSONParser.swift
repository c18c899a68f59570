/// Parses RFC 8259 JSON text, given as UTF-8 bytes or a `String`, into a `JSONValue`.
///
/// The parser works on a contiguous `UInt8` buffer (copying only when the input has no
/// contiguous storage) and reports every problem as a `request.malformed_json` error that names
/// the byte offset at which it was found.
public enum JSONParser: Sendable {
    /// The deepest nesting of arrays and objects a document may have.
    public static let maximumDepth = 512

    /// Parses a complete RFC 8259 document (any top-level value; surrounding whitespace allowed).
    public static func parse(_ bytes: some Collection<UInt8>) throws -> JSONValue {
        if let value = try bytes.withContiguousStorageIfAvailable({ try parse(buffer: $0) }) {
            return value
        }
        return try Array(bytes).withUnsafeBufferPointer { try parse(buffer: $0) }
    }

    /// Parses a complete RFC 8259 document held in a string.
    public static func parse(_ text: String) throws -> JSONValue {
        var text = text
        return try text.withUTF8 { try parse(buffer: $0) }
    }

    /// Parses the bytes of one document; the buffer must stay valid for the duration of the call.
    static func parse(buffer: UnsafeBufferPointer<UInt8>) throws -> JSONValue {
        var scanner = JSONScanner(input: buffer)
        return try scanner.parseDocument()
    }
}

extension PatchbayError {
    /// 400 `HTTPBadRequest`: "Malformed JSON in request body: <problem> at offset <offset>."
    public static func malformedJSON(_ problem: String, offset: Int) -> PatchbayError {
        PatchbayError(code: "request.malformed_json", type: "HTTPBadRequest", category: .badRequest,
                      message: "Malformed JSON in request body: \(problem) at offset \(offset).")
    }
}

/// The recursive-descent state of one parse: the input, the read position and the nesting depth.
private struct JSONScanner {
    let input: UnsafeBufferPointer<UInt8>
    var offset = 0
    var depth = 0
    /// Reused storage for strings that contain escapes.
    var scratch: [UInt8] = []

    init(input: UnsafeBufferPointer<UInt8>) { self.input = input }

    var isAtEnd: Bool { offset >= input.count }

    func failure(_ problem: String, at position: Int? = nil) -> PatchbayError {
        .malformedJSON(problem, offset: position ?? offset)
    }

    /// A readable name for the byte at `offset`, for "unexpected …" messages.
    func describeCurrentByte() -> String {
        guard !isAtEnd else { return "end of input" }
        let byte = input[offset]
        if byte > 0x20 && byte < 0x7F { return "character '\(Character(Unicode.Scalar(byte)))'" }
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x\(hex.count < 2 ? "0" + hex : hex)"
    }

    mutating func parseDocument() throws -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard isAtEnd else { throw failure("unexpected \(describeCurrentByte()) after the document") }
        return value
    }

    mutating func skipWhitespace() {
        while offset < input.count {
            switch input[offset] {
            case JSONByte.space, JSONByte.newline, JSONByte.carriageReturn, JSONByte.tab: offset += 1
            default: return
            }
        }
    }

    mutating func parseValue() throws -> JSONValue {
        guard !isAtEnd else { throw failure("unexpected end of input") }
        switch input[offset] {
        case JSONByte.openBrace: return try parseObject()
        case JSONByte.openBracket: return try parseArray()
        case JSONByte.quote: return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case JSONByte.minus, JSONByte.zero...JSONByte.nine: return try parseNumber()
        default: throw failure("unexpected \(describeCurrentByte())")
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws {
        let start = offset
        let length = literal.utf8CodeUnitCount
        guard input.count - offset >= length else { throw failure("invalid literal", at: start) }
        for index in 0..<length where input[offset + index] != literal.utf8Start[index] {
            throw failure("invalid literal", at: start)
        }
        offset += length
    }

    mutating func enterContainer() throws {
        depth += 1
        guard depth <= JSONParser.maximumDepth else {
            throw failure("nesting deeper than \(JSONParser.maximumDepth) levels")
        }
        offset += 1
    }

    mutating func parseArray() throws -> JSONValue {
        try enterContainer()
        defer { depth -= 1 }
        var elements: [JSONValue] = []
        skipWhitespace()
        if !isAtEnd && input[offset] == JSONByte.closeBracket {
            offset += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            guard !isAtEnd else { throw failure("unexpected end of input in array") }
            switch input[offset] {
            case JSONByte.comma: offset += 1
            case JSONByte.closeBracket: offset += 1; return .array(elements)
            default: throw failure("expected ',' or ']' but found \(describeCurrentByte())")
            }
        }
    }

    mutating func parseObject() throws -> JSONValue {
        try enterContainer()
        defer { depth -= 1 }
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if !isAtEnd && input[offset] == JSONByte.closeBrace {
            offset += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard !isAtEnd && input[offset] == JSONByte.quote else {
                throw failure("expected a string key but found \(describeCurrentByte())")
            }
            let key = try parseString()
            skipWhitespace()
            guard !isAtEnd && input[offset] == JSONByte.colon else {
                throw failure("expected ':' but found \(describeCurrentByte())")
            }
            offset += 1
            skipWhitespace()
            members[key] = try parseValue()
            skipWhitespace()
            guard !isAtEnd else { throw failure("unexpected end of input in object") }
            switch input[offset] {
            case JSONByte.comma: offset += 1
            case JSONByte.closeBrace: offset += 1; return .object(members)
            default: throw failure("expected ',' or '}' but found \(describeCurrentByte())")
            }
        }
    }
}

extension JSONScanner {
    /// Reads a string starting at its opening quote; escape-free strings are decoded in place.
    mutating func parseString() throws -> String {
        offset += 1
        let start = offset
        while offset < input.count {
            let byte = input[offset]
            if byte == JSONByte.quote {
                offset += 1
                return String(decoding: UnsafeBufferPointer(rebasing: input[start..<offset - 1]), as: UTF8.self)
            }
            if byte == JSONByte.backslash { break }
            guard byte >= 0x20 else { throw failure("unescaped control character in string") }
            offset += 1
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: input[start..<offset]))
        while offset < input.count {
            let runStart = offset
            while offset < input.count, input[offset] >= 0x20,
                  input[offset] != JSONByte.quote, input[offset] != JSONByte.backslash {
                offset += 1
            }
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<offset]))
            guard offset < input.count else { break }
            switch input[offset] {
            case JSONByte.quote: offset += 1; return String(decoding: scratch, as: UTF8.self)
            case JSONByte.backslash: try parseEscape()
            default: throw failure("unescaped control character in string")
            }
        }
        throw failure("unterminated string")
    }

    /// Decodes one backslash escape into `scratch`, joining `\uXXXX` surrogate pairs.
    mutating func parseEscape() throws {
        let start = offset
        offset += 1
        guard offset < input.count else { throw failure("unterminated string") }
        let letter = input[offset]
        offset += 1
        switch letter {
        case JSONByte.quote, JSONByte.backslash, JSONByte.slash: scratch.append(letter)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(JSONByte.newline)
        case UInt8(ascii: "r"): scratch.append(JSONByte.carriageReturn)
        case UInt8(ascii: "t"): scratch.append(JSONByte.tab)
        case UInt8(ascii: "u"):
            var scalar = try parseHexQuad(escapeStart: start)
            if (0xDC00...0xDFFF).contains(scalar) { throw failure("lone low surrogate", at: start) }
            if (0xD800...0xDBFF).contains(scalar) {
                guard input.count - offset >= 2, input[offset] == JSONByte.backslash,
                      input[offset + 1] == UInt8(ascii: "u") else { throw failure("lone high surrogate", at: start) }
                offset += 2
                let low = try parseHexQuad(escapeStart: offset - 2)
                guard (0xDC00...0xDFFF).contains(low) else { throw failure("lone high surrogate", at: start) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            UTF8.encode(Unicode.Scalar(scalar)!) { scratch.append($0) }
        default: throw failure("invalid escape sequence", at: start)
        }
    }

    /// Reads the four hex digits of a `\u` escape.
    mutating func parseHexQuad(escapeStart: Int) throws -> UInt32 {
        guard input.count - offset >= 4 else { throw failure("invalid \\u escape", at: escapeStart) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = input[offset]
            let digit: UInt8
            switch byte {
            case JSONByte.zero...JSONByte.nine: digit = byte - JSONByte.zero
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("invalid \\u escape", at: escapeStart)
            }
            value = value << 4 | UInt32(digit)
            offset += 1
        }
        return value
    }

    /// Reads a number: an integer literal that fits `Int` becomes `.int`, anything else `.double`.
    mutating func parseNumber() throws -> JSONValue {
        let start = offset
        let isNegative = input[offset] == JSONByte.minus
        if isNegative { offset += 1 }
        guard isDigitAtOffset else { throw failure("invalid number: expected a digit") }
        var integer = 0
        var fitsInt = true
        if input[offset] == JSONByte.zero {
            offset += 1
            if isDigitAtOffset { throw failure("invalid number: leading zero", at: start) }
        }
        while isDigitAtOffset {
            let digit = Int(input[offset] - JSONByte.zero)
            let (shifted, overflow1) = integer.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = isNegative
                ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            fitsInt = fitsInt && !overflow1 && !overflow2
            integer = next
            offset += 1
        }
        var isIntegerLiteral = true
        if offset < input.count, input[offset] == JSONByte.dot {
            isIntegerLiteral = false
            offset += 1
            guard isDigitAtOffset else { throw failure("invalid number: expected a digit after '.'") }
            while isDigitAtOffset { offset += 1 }
        }
        if offset < input.count, input[offset] | 0x20 == UInt8(ascii: "e") {
            isIntegerLiteral = false
            offset += 1
            if offset < input.count, input[offset] == JSONByte.plus || input[offset] == JSONByte.minus { offset += 1 }
            guard isDigitAtOffset else { throw failure("invalid number: expected a digit in the exponent") }
            while isDigitAtOffset { offset += 1 }
        }
        if isIntegerLiteral && fitsInt { return .int(integer) }
        let text = String(decoding: UnsafeBufferPointer(rebasing: input[start..<offset]), as: UTF8.self)
        guard let double = Double(text), double.isFinite else { throw failure("number out of range", at: start) }
        return .double(double)
    }

    var isDigitAtOffset: Bool {
        offset < input.count && (JSONByte.zero...JSONByte.nine).contains(input[offset])
    }
}
