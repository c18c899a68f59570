import PatchbayCore

/// The attributes every Neutron resource carries: ownership, description, tags, timestamps
/// and the revision number.
enum StandardAttributes {
    /// A dictionary sized for a whole resource, holding the standard attributes.
    static func of(_ audit: AuditStamp, tags: [String], description: String, projectId: String) -> [String: JSONValue] {
        var attributes = [String: JSONValue](minimumCapacity: 40)
        attributes["tenant_id"] = .string(projectId)
        attributes["project_id"] = .string(projectId)
        attributes["description"] = .string(description)
        attributes["tags"] = .array(tags.map(JSONValue.string))
        attributes["created_at"] = .string(Timestamp.iso8601(audit.createdAt))
        attributes["updated_at"] = audit.updatedAt == audit.createdAt
            ? attributes["created_at"] : .string(Timestamp.iso8601(audit.updatedAt))
        attributes["revision_number"] = .int(audit.revisionNumber)
        return attributes
    }
}

/// Neutron's tag limits: at most 50 per resource, each 1–255 characters without commas or slashes.
enum TagRules {
    static let maximumCount = 50

    static func validate(_ tags: [String]) throws -> [String] {
        guard tags.count <= maximumCount else {
            throw PatchbayError.badRequest("Invalid input for tags. Reason: Number of tags exceeds the limit \(maximumCount).",
                                           code: "tag.too_many")
        }
        for tag in tags {
            try validate(tag)
        }
        var seen = Set<String>()
        return tags.filter { seen.insert($0).inserted }
    }

    static func validate(_ tag: String) throws {
        guard !tag.isEmpty, tag.count <= 255, !tag.contains(","), !tag.contains("/") else {
            throw PatchbayError.badRequest("Invalid input for tags. Reason: '\(tag)' is not a valid tag.", code: "tag.invalid")
        }
    }
}
