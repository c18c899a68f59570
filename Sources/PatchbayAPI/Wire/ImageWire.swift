import PatchbayCore

/// Images as Glance's v2 API shows them: the base attributes, links relative to the API root
/// (`/v2/images/{id}`), and the extra properties flattened at the top level.
enum ImageWire {
    /// The schema document every image points to.
    static let schemaPath = "/v2/schemas/image"

    /// The JSON object of one image.
    static func body(_ image: Image) -> JSONValue {
        var body: [String: JSONValue] = image.properties.mapValues(JSONValue.string)
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        body["id"] = .string(image.id)
        body["name"] = text(image.name)
        body["status"] = .string(image.status.rawValue)
        body["visibility"] = .string(image.visibility.rawValue)
        body["protected"] = .bool(image.protected)
        body["os_hidden"] = .bool(image.hidden)
        body["owner"] = .string(image.owner)
        body["disk_format"] = text(image.diskFormat)
        body["container_format"] = text(image.containerFormat)
        body["min_disk"] = .int(image.minDisk)
        body["min_ram"] = .int(image.minRAM)
        body["size"] = image.size.map { .int(Int($0)) } ?? .null
        body["virtual_size"] = .null
        body["checksum"] = text(image.checksum)
        body["os_hash_algo"] = image.data == nil ? .null : .string(ImageData.hashAlgorithm)
        body["os_hash_value"] = text(image.osHashValue)
        body["tags"] = .array(image.tags.map(JSONValue.string))
        body["created_at"] = .string(Timestamp.iso8601(image.audit.createdAt))
        body["updated_at"] = .string(Timestamp.iso8601(image.audit.updatedAt))
        body["self"] = .string("/v2/images/\(image.id)")
        body["file"] = .string("/v2/images/\(image.id)/file")
        body["schema"] = .string(schemaPath)
        return .object(body)
    }

    /// The body of a list page: the images, the first page's link, the schema, and the next
    /// page's link when this page is full (the request's parameters with the new marker).
    static func list(_ page: ImagePage, query items: [(name: String, value: String)]) -> JSONValue {
        let kept = items.filter { $0.name != "marker" }
        var body: [String: JSONValue] = [
            "images": .array(page.images.map(Self.body)),
            "first": .string("/v2/images" + encoded(kept)),
            "schema": "/v2/schemas/images",
        ]
        if let marker = page.nextMarker { body["next"] = .string("/v2/images" + encoded(kept + [("marker", marker)])) }
        return .object(body)
    }

    /// `?name=value&…`, percent-encoded; empty for no items.
    static func encoded(_ items: [(name: String, value: String)]) -> String {
        guard !items.isEmpty else { return "" }
        return "?" + items.map { "\(PageLink.percentEncoded($0.name))=\(PageLink.percentEncoded($0.value))" }.joined(separator: "&")
    }
}
