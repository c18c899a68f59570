import PatchbayCore

/// Which attributes of a resource a POST or PUT may carry, as Neutron's attribute map says.
struct AttributeRules: Sendable {
    /// Every attribute the resource knows (readable ones included).
    let known: Set<String>
    /// Attributes allowed in POST.
    let post: Set<String>
    /// Attributes allowed in PUT.
    let put: Set<String>
    /// Attributes a POST must carry.
    let required: [String]
}

/// The attributes of one resource from a request body, validated against its rules, with
/// typed accessors that produce Neutron's error messages.
struct ResourceBody {
    let attributes: [String: JSONValue]

    /// Extracts `{"network": {…}}` (or, with `allowBulk`, `{"networks": [{…}, …]}`).
    static func parse(_ body: JSONValue, member: String, collection: String?, rules: AttributeRules,
                      isCreate: Bool) throws -> [ResourceBody] {
        guard case .object(let top) = body else {
            throw PatchbayError.badRequest("Body contains invalid data", code: "request.body_not_object")
        }
        let items: [JSONValue]
        if let single = top[member] {
            items = [single]
        } else if let collection, isCreate, let many = top[collection]?.arrayValue {
            guard !many.isEmpty else { throw PatchbayError.badRequest("Resources required", code: "request.empty_bulk") }
            items = many
        } else {
            throw PatchbayError.badRequest("Unable to find '\(member)' in request body", code: "request.missing_resource")
        }
        return try items.map { item in
            // Bulk items may be wrapped ({"ports": [{"port": {…}}]}); Neutron accepts both.
            var item = item
            if isCreate, top[member] == nil, let object = item.objectValue, object.count == 1, let inner = object[member] {
                item = inner
            }
            guard case .object(let attributes) = item else {
                throw PatchbayError.badRequest("Body contains invalid data", code: "request.body_not_object")
            }
            try check(attributes, rules: rules, isCreate: isCreate)
            return ResourceBody(attributes: attributes)
        }
    }

    private static func check(_ attributes: [String: JSONValue], rules: AttributeRules, isCreate: Bool) throws {
        let unknown = attributes.keys.filter { !rules.known.contains($0) }.sorted()
        if !unknown.isEmpty {
            throw PatchbayError.badRequest("Unrecognized attribute(s) '\(unknown.joined(separator: ", "))'",
                                           code: "request.unrecognized_attribute")
        }
        for key in attributes.keys.sorted() {
            if isCreate, !rules.post.contains(key) {
                throw PatchbayError.badRequest("Attribute '\(key)' not allowed in POST", code: "request.attribute_not_allowed")
            }
            if !isCreate, !rules.put.contains(key) {
                throw PatchbayError.badRequest("Cannot update read-only attribute \(key)", code: "request.read_only_attribute")
            }
        }
        if isCreate, let missing = rules.required.first(where: { attributes[$0] == nil }) {
            throw PatchbayError.badRequest("Failed to parse request. Required attribute '\(missing)' not specified",
                                           code: "request.missing_attribute")
        }
    }

    /// Whether the body carries the key (even as null).
    func has(_ key: String) -> Bool { attributes[key] != nil }

    /// The raw value.
    subscript(key: String) -> JSONValue? { attributes[key] }
}
