/// `POST /v2/images`: a request body turned into a new `queued` image, with Glance's checks in
/// Glance's order (read-only names, then the schema, then reserved names).
public enum ImageCreate {
    /// Attributes a create may not name at all (Glance's `_disallowed_properties`).
    static let disallowed = ["direct_url", "self", "file", "schema", "stores"]

    /// The image `body` asks for, owned by the caller's project unless the body names an owner.
    /// `newId` supplies the id when the body has none; `now` stamps it.
    public static func image(from body: JSONValue, caller: Caller, newId: () -> String, now: Int64) throws(PatchbayError) -> Image {
        guard let fields = body.objectValue else {
            throw .imageSchemaViolation("\(ImageSchema.describe(body)) is not of type 'object'")
        }
        for name in disallowed where fields[name] != nil { throw .imageAttributeReadOnly(name) }
        var image = Image(id: "", owner: caller.projectId, createdAt: now)
        for name in fields.keys.sorted() {
            let value = fields[name] ?? .null
            switch name {
            case "id":
                image.id = try ImageSchema.string(value, name)
                guard isUUID(image.id) else {
                    throw .imageSchemaViolation("'\(image.id)' does not match the pattern of a UUID")
                }
            case "owner":
                if !value.isNull { image.owner = try ImageSchema.string(value, name, maxLength: 255) }
            default:
                if ImageSchema.readOnly.contains(name) { throw .imageAttributeReadOnly(name) }
                if ImageSchema.reserved.contains(name) || name.hasPrefix(ImageSchema.reservedPrefix) {
                    throw .imageAttributeReserved(name)
                }
                try ImageSchema.assign(name, value, to: &image)
            }
        }
        if image.id.isEmpty { image.id = newId() }
        try ImagePolicy.requireCreate(caller, owner: image.owner, visibility: image.visibility)
        return image
    }

    /// Whether `text` is a UUID in the 8-4-4-4-12 hex form Glance's schema demands.
    public static func isUUID(_ text: String) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.map(\.count) == [8, 4, 4, 4, 12] else { return false }
        return groups.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }
}
