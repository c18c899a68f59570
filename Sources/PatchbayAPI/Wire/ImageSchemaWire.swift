import PatchbayCore

/// The JSON schemas `GET /v2/schemas/image` and `/v2/schemas/images` return, which Glance's
/// clients read to know the attributes: the base attributes with their types, extra properties
/// as strings, and the link templates.
enum ImageSchemaWire {
    /// `(name, JSON types, read-only, description)` of each base attribute.
    static let attributes: [(String, [String], Bool, String)] = [
        ("id", ["string"], false, "An identifier for the image"),
        ("name", ["null", "string"], false, "Descriptive name for the image"),
        ("status", ["string"], true, "Status of the image"),
        ("visibility", ["string"], false, "Scope of image accessibility"),
        ("protected", ["boolean"], false, "If true, image will not be deletable."),
        ("os_hidden", ["boolean"], false, "If true, image will not appear in default image list response."),
        ("checksum", ["null", "string"], true, "md5 hash of image contents."),
        ("os_hash_algo", ["null", "string"], true, "Algorithm to calculate the os_hash_value"),
        ("os_hash_value", ["null", "string"], true, "Hexdigest of the image contents using the algorithm specified by the os_hash_algo"),
        ("owner", ["null", "string"], false, "Owner of the image"),
        ("size", ["null", "integer"], true, "Size of image file in bytes"),
        ("virtual_size", ["null", "integer"], true, "Virtual size of image in bytes"),
        ("container_format", ["null", "string"], false, "Format of the container"),
        ("disk_format", ["null", "string"], false, "Format of the disk"),
        ("created_at", ["string"], true, "Date and time of image registration"),
        ("updated_at", ["string"], true, "Date and time of the last image modification"),
        ("tags", ["array"], false, "List of strings related to the image"),
        ("min_ram", ["integer"], false, "Amount of ram (in MB) required to boot image."),
        ("min_disk", ["integer"], false, "Amount of disk space (in GB) required to boot image."),
        ("self", ["string"], true, "An image self url"),
        ("file", ["string"], true, "An image file url"),
        ("schema", ["string"], true, "An image schema url"),
    ]

    /// `GET /v2/schemas/image`.
    static var image: JSONValue {
        var properties: [String: JSONValue] = [:]
        for (name, types, readOnly, description) in attributes {
            var property: [String: JSONValue] = [
                "type": types.count == 1 ? .string(types[0]) : .array(types.map(JSONValue.string)),
                "description": .string(description),
            ]
            if readOnly { property["readOnly"] = true }
            switch name {
            case "visibility": property["enum"] = .array(ImageVisibility.allCases.map { .string($0.rawValue) })
            case "status": property["enum"] = .array(ImageStatus.allCases.map { .string($0.rawValue) })
            case "disk_format": property["enum"] = .array([.null] + ImageSchema.diskFormats.map(JSONValue.string))
            case "container_format": property["enum"] = .array([.null] + ImageSchema.containerFormats.map(JSONValue.string))
            case "tags": property["items"] = ["type": "string", "maxLength": 255]
            case "name", "owner": property["maxLength"] = 255
            default: break
            }
            properties[name] = .object(property)
        }
        return [
            "name": "image", "properties": .object(properties), "additionalProperties": ["type": "string"],
            "links": [["rel": "self", "href": "{self}"], ["rel": "enclosure", "href": "{file}"],
                      ["rel": "describedby", "href": "{schema}"]],
        ]
    }

    /// `GET /v2/schemas/images`.
    static var images: JSONValue {
        [
            "name": "images",
            "properties": [
                "images": ["type": "array", "items": image], "schema": ["type": "string"],
                "first": ["type": "string"], "next": ["type": "string"],
            ],
            "links": [["rel": "first", "href": "{first}"], ["rel": "next", "href": "{next}"],
                      ["rel": "describedby", "href": "{schema}"]],
        ]
    }
}
