/// The image schema's rules (Glance's `get_base_properties` and the deserializer's lists), as
/// values: which attributes exist, which the server owns, and what each one accepts.
public enum ImageSchema {
    /// `disk_format` values Glance accepts by default.
    public static let diskFormats = ["ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso", "ploop"]
    /// `container_format` values Glance accepts by default.
    public static let containerFormats = ["ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed"]

    /// Attributes only the server sets; a client naming one gets 403.
    public static let readOnly: Set<String> = [
        "created_at", "updated_at", "status", "checksum", "size", "virtual_size", "direct_url", "self", "file", "schema",
        "id", "os_hash_algo", "os_hash_value", "stores",
    ]
    /// Names Glance keeps for itself.
    public static let reserved: Set<String> = ["location", "locations", "deleted", "deleted_at"]
    /// The namespace of Glance's own properties.
    public static let reservedPrefix = "os_glance"
    /// The attributes that are columns of an image rather than extra properties.
    public static let baseAttributes: Set<String> = [
        "id", "name", "status", "visibility", "protected", "os_hidden", "checksum", "os_hash_algo", "os_hash_value", "owner",
        "size", "virtual_size", "container_format", "disk_format", "created_at", "updated_at", "tags", "min_ram",
        "min_disk", "direct_url", "self", "file", "schema", "stores", "locations",
    ]

    /// Throws 403 when a client may not name `attribute` at all.
    public static func requireWritable(_ attribute: String) throws(PatchbayError) {
        if readOnly.contains(attribute) { throw .imageAttributeReadOnly(attribute) }
        if reserved.contains(attribute) || attribute.hasPrefix(reservedPrefix) { throw .imageAttributeReserved(attribute) }
    }

    /// Checks a value for a writable attribute against the schema, and sets it on `image`.
    public static func assign(_ attribute: String, _ value: JSONValue, to image: inout Image) throws(PatchbayError) {
        switch attribute {
        case "name":
            if value.isNull { image.name = nil; return }
            image.name = try string(value, attribute, maxLength: 255)
        case "visibility":
            let text = try string(value, attribute)
            guard let visibility = ImageVisibility(rawValue: text) else {
                throw .imageSchemaViolation("'\(text)' is not one of ['community', 'public', 'private', 'shared']")
            }
            image.visibility = visibility
        case "protected":
            guard let flag = value.boolValue else { throw .imageSchemaViolation("\(describe(value)) is not of type 'boolean'") }
            image.protected = flag
        case "os_hidden":
            guard let flag = value.boolValue else { throw .imageSchemaViolation("\(describe(value)) is not of type 'boolean'") }
            image.hidden = flag
        case "owner":
            image.owner = try string(value, attribute, maxLength: 255)
        case "min_disk": image.minDisk = try count(value, attribute)
        case "min_ram": image.minRAM = try count(value, attribute)
        case "disk_format": image.diskFormat = try format(value, attribute, among: diskFormats)
        case "container_format": image.containerFormat = try format(value, attribute, among: containerFormats)
        case "tags":
            guard let items = value.arrayValue else { throw .imageSchemaViolation("\(describe(value)) is not of type 'array'") }
            var tags: [String] = []
            for item in items {
                let tag = try string(item, attribute, maxLength: 255)
                if !tags.contains(tag) { tags.append(tag) }
            }
            image.tags = tags
        default:
            guard attribute.count <= 255 else {
                throw .imageBadRequest("Custom property should not be greater than 255 characters.", code: "image.property_name_too_long")
            }
            image.properties[attribute] = try string(value, attribute, maxLength: 65535)
        }
    }

    static func string(_ value: JSONValue, _ attribute: String, maxLength: Int = .max) throws(PatchbayError) -> String {
        guard let text = value.stringValue else { throw .imageSchemaViolation("\(describe(value)) is not of type 'string'") }
        guard text.count <= maxLength else { throw .imageSchemaViolation("'\(text)' is too long") }
        return text
    }

    static func count(_ value: JSONValue, _ attribute: String) throws(PatchbayError) -> Int {
        guard case .int(let number) = value else { throw .imageSchemaViolation("\(describe(value)) is not of type 'integer'") }
        guard number >= 0 else {
            throw .imageBadRequest("Invalid value '\(number)' for parameter '\(attribute)': Cannot be a negative value",
                                   code: "image.negative_value")
        }
        return number
    }

    static func format(_ value: JSONValue, _ attribute: String, among allowed: [String]) throws(PatchbayError) -> String? {
        if value.isNull { return nil }
        let text = try string(value, attribute)
        guard allowed.contains(text) else {
            let choices = ([nil] + allowed).map { $0.map { "'\($0)'" } ?? "None" }.joined(separator: ", ")
            throw .imageSchemaViolation("'\(text)' is not one of [\(choices)]")
        }
        return text
    }

    /// A JSON value as Python's jsonschema messages show it.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): "'\(text)'"
        case .bool(let flag): flag ? "True" : "False"
        case .null: "None"
        default: JSONWriter.string(value)
        }
    }
}
