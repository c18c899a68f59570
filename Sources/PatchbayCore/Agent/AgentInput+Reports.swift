extension AgentInput {
    /// Most ids one device or guest report may list under one key.
    public static let maxReportedIds = 16_384
    /// Longest accepted failure reason, in bytes.
    public static let maxReasonLength = 4_096

    /// A list of UUIDs under `field` (absent or null: empty); `kind` names them in the message.
    public static func ids(_ value: JSONValue?, field: String, kind: String) throws(PatchbayError) -> [String] {
        guard let value, !value.isNull else { return [] }
        guard let items = value.arrayValue, items.count <= maxReportedIds,
              let texts = Optional(items.compactMap(\.stringValue)), texts.count == items.count else {
            throw .invalidInput("'\(field)' must be a list of \(kind) (at most \(maxReportedIds))")
        }
        var result: [String] = []
        for (index, text) in texts.enumerated() { result.append(try uuid(text, field: "\(field)[\(index)]")) }
        return result
    }

    /// `{server id: reason}` under `field`: UUID keys and non-empty reasons of at most 4 KiB.
    public static func reasons(_ value: JSONValue?, field: String) throws(PatchbayError) -> [String: String] {
        guard let value, !value.isNull else { return [:] }
        guard let object = value.objectValue, object.count <= maxReportedIds else {
            throw .invalidInput("'\(field)' must map server ids to reasons")
        }
        var result: [String: String] = [:]
        for (id, reason) in object {
            guard let text = reason.stringValue else { throw .invalidInput("\(field).\(clipped(id)) must be a string") }
            guard (1...maxReasonLength).contains(text.utf8.count) else {
                throw .invalidInput("\(field).\(clipped(id)) must be 1-\(maxReasonLength) bytes")
            }
            result[try uuid(id, field: "\(field) key")] = text
        }
        return result
    }
}
