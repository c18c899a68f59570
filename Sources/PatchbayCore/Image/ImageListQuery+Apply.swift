extension ImageListQuery {
    /// The page of `images` (those the caller may list, already settled) this query selects: filtered,
    /// sorted, after the marker, at most `limit` long. A marker that is not among `images` is a 400,
    /// as Glance refuses a marker the caller cannot see.
    public func page(of images: [Image]) throws(PatchbayError) -> ImagePage {
        let order = effectiveSort
        var selected = images.filter(matches).sorted { precedes($0, $1, order) }
        if let marker {
            guard let start = images.first(where: { $0.id == marker }) else {
                throw .imageBadRequest("No image found with ID \(marker)", code: "image.bad_marker")
            }
            selected.removeAll { !precedes(start, $0, order) }
        }
        let page = Array(selected.prefix(limit))
        let full = limit > 0 && page.count == limit
        return ImagePage(images: page, nextMarker: full ? page.last?.id : nil)
    }

    /// Whether `image` passes every filter.
    public func matches(_ image: Image) -> Bool {
        for (name, value) in filters where Self.text(of: image, name) != value { return false }
        for (name, value) in properties where image.properties[name] != value { return false }
        if !tags.allSatisfy(image.tags.contains) { return false }
        if let visibility, visibility != "all", image.visibility.rawValue != visibility { return false }
        if let protected, image.protected != protected { return false }
        if image.hidden != hidden { return false }
        if let sizeMin, (image.size ?? -1) < sizeMin { return false }
        if let sizeMax, image.size.map({ $0 > sizeMax }) ?? true { return false }
        return true
    }

    /// The text a base-attribute filter compares with.
    static func text(of image: Image, _ name: String) -> String? {
        switch name {
        case "name": image.name
        case "status": image.status.rawValue
        case "owner": image.owner
        case "disk_format": image.diskFormat
        case "container_format": image.containerFormat
        case "id": image.id
        case "min_disk": String(image.minDisk)
        case "min_ram": String(image.minRAM)
        default: nil
        }
    }

    /// Whether `first` comes before `second` in `order` (unset values first when ascending).
    func precedes(_ first: Image, _ second: Image, _ order: [(key: String, ascending: Bool)]) -> Bool {
        for (key, ascending) in order {
            let comparison = Self.compare(first, second, key)
            if comparison != 0 { return ascending ? comparison < 0 : comparison > 0 }
        }
        return false
    }

    /// -1, 0 or 1 as `first`'s `key` sorts before, with or after `second`'s.
    static func compare(_ first: Image, _ second: Image, _ key: String) -> Int {
        func order<T: Comparable>(_ a: T?, _ b: T?) -> Int {
            switch (a, b) {
            case (nil, nil): 0
            case (nil, _): -1
            case (_, nil): 1
            case let (a?, b?): a < b ? -1 : (a == b ? 0 : 1)
            }
        }
        switch key {
        case "size": return order(first.size, second.size)
        case "created_at": return order(first.audit.createdAt, second.audit.createdAt)
        case "updated_at": return order(first.audit.updatedAt, second.audit.updatedAt)
        default: return order(text(of: first, key), text(of: second, key))
        }
    }
}
