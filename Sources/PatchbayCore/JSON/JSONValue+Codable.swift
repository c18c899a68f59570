/// `Codable` support, so a `JSONValue` can sit inside `Codable` wire models and stored documents.
///
/// Decoding tries the single-value container as, in order: null, `Bool`, `Int`, `Double`,
/// `String`, `[JSONValue]` and `[String: JSONValue]`. With Foundation's `JSONDecoder` this keeps
/// `true` a `.bool` (never `1`) and `1` an `.int`, while `1.5` or `1e300` become `.double`.
extension JSONValue: Codable {
    /// Decodes whichever JSON type the decoder holds at this position.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let integer = try? container.decode(Int.self) {
            self = .int(integer)
        } else if let double = try? container.decode(Double.self) {
            self = .double(double)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let elements = try? container.decode([JSONValue].self) {
            self = .array(elements)
        } else if let members = try? container.decode([String: JSONValue].self) {
            self = .object(members)
        } else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Expected null, a boolean, a number, a string, a list or a dict.")
        }
    }

    /// Encodes the payload in a single-value container; NaN and infinities encode as null, as in `JSONWriter`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .int(let integer): try container.encode(integer)
        case .double(let double) where double.isFinite: try container.encode(double)
        case .double: try container.encodeNil()
        case .string(let string): try container.encode(string)
        case .array(let elements): try container.encode(elements)
        case .object(let members): try container.encode(members)
        }
    }
}
