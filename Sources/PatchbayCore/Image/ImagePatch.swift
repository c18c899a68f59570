/// `PATCH /v2/images/{id}`: a JSON-patch body (`application/openstack-images-v2.1-json-patch`)
/// parsed into operations on top-level attributes, then applied with Glance's rules.
public struct ImagePatch: Sendable, Equatable {
    /// One change.
    public struct Operation: Sendable, Equatable {
        /// What to do.
        public enum Kind: String, Sendable, CaseIterable {
            case add, remove, replace
        }

        /// add, remove or replace.
        public var kind: Kind
        /// The attribute (the pointer's one token, unescaped).
        public var attribute: String
        /// The new value; nil for `remove`.
        public var value: JSONValue?
    }

    /// The changes, in order.
    public var operations: [Operation]

    /// The media type of the patch format Patchbay takes (Glance's draft-10 one).
    public static let mediaType = "application/openstack-images-v2.1-json-patch"

    /// Parses a patch body; 400 in Glance's words for anything malformed, 403 for attributes a
    /// client may not name.
    public static func parse(_ body: JSONValue) throws(PatchbayError) -> ImagePatch {
        guard let items = body.arrayValue else {
            throw .imageBadRequest("Request body must be a JSON array of operation objects.", code: "image.patch_not_array")
        }
        var operations: [Operation] = []
        for item in items {
            guard let change = item.objectValue else {
                throw .imageBadRequest("Operations must be JSON objects.", code: "image.patch_not_object")
            }
            let kinds = Operation.Kind.allCases.map(\.rawValue).joined(separator: ", ")
            guard let op = change["op"]?.stringValue else {
                throw .imageBadRequest("Unable to find `op` in JSON Schema change. It must be one of the following: \(kinds).",
                                       code: "image.patch_bad_op")
            }
            guard let kind = Operation.Kind(rawValue: op) else {
                throw .imageBadRequest("Invalid operation: `\(op)`. It must be one of the following: \(kinds).",
                                       code: "image.patch_bad_op")
            }
            guard let pointer = change["path"]?.stringValue else {
                throw .imageBadRequest("Unable to find 'path' in JSON Schema change", code: "image.patch_bad_path")
            }
            let path = try decode(pointer)
            guard path.count == 1 else {
                throw .imageBadRequest("Invalid JSON pointer for this resource: '/\(path.joined(separator: "/"))'",
                                       code: "image.patch_bad_path")
            }
            var value: JSONValue?
            if kind != .remove {
                guard let given = change["value"] else {
                    throw .imageBadRequest("Operation \"\(op)\" requires a member named \"value\".", code: "image.patch_no_value")
                }
                value = given
            }
            try ImageSchema.requireWritable(path[0])
            if let value, path[0] != "owner" {
                var scratch = Image(id: "", owner: "", createdAt: 0)
                try ImageSchema.assign(path[0], value, to: &scratch)
            }
            operations.append(Operation(kind: kind, attribute: path[0], value: value))
        }
        return ImagePatch(operations: operations)
    }

    /// The tokens of a JSON pointer, with Glance's limits on its form.
    static func decode(_ pointer: String) throws(PatchbayError) -> [String] {
        func refuse(_ reason: String) -> PatchbayError { .imageBadRequest("Pointer `\(pointer)` \(reason)", code: "image.patch_bad_path") }
        guard pointer.hasPrefix("/") else { throw refuse("does not start with \"/\".") }
        let tokens = pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if tokens.dropLast().contains(where: { $0.allSatisfy(\.isWhitespace) }), tokens.count > 1 {
            throw refuse("contains adjacent \"/\".")
        }
        if pointer.count > 1, pointer.hasSuffix("/") { throw refuse("end with \"/\".") }
        var result: [String] = []
        for token in tokens {
            var text = ""
            var escape = false
            for character in token {
                if escape {
                    guard character == "0" || character == "1" else { throw refuse("contains \"~\" not part of a recognized escape sequence.") }
                    text.append(character == "0" ? "~" : "/")
                    escape = false
                } else if character == "~" {
                    escape = true
                } else {
                    text.append(character)
                }
            }
            if escape { throw refuse("contains \"~\" not part of a recognized escape sequence.") }
            result.append(trimmed(text))
        }
        guard result != [""] else { throw refuse("does not contains valid token.") }
        return result
    }
}

/// `text` without leading and trailing whitespace (Python's `str.strip`).
private func trimmed(_ text: String) -> String {
    String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
}
