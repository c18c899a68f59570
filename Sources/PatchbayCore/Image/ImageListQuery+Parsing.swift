extension ImageListQuery {
    /// Parameters that are not filters on extra properties.
    static let controlParameters: Set<String> = ["limit", "marker", "sort", "sort_key", "sort_dir", "member_status", "tag"]

    /// Reads the query items of `GET /v2/images`, refusing (400) what Glance refuses.
    public static func parse(_ items: [(name: String, value: String)]) throws(PatchbayError) -> ImageListQuery {
        var query = ImageListQuery()
        func all(_ name: String) -> [String] { items.filter { $0.name == name }.map { trimmed($0.value) } }
        if let limit = items.last(where: { $0.name == "limit" })?.value {
            guard let number = Int(limit) else { throw .imageBadRequest("limit param must be an integer", code: "image.bad_limit") }
            guard number >= 0 else { throw .imageBadRequest("limit param must be positive", code: "image.bad_limit") }
            query.limit = min(number, maximumLimit)
        }
        query.marker = items.last(where: { $0.name == "marker" })?.value
        if let status = items.last(where: { $0.name == "member_status" })?.value,
           !["pending", "accepted", "rejected", "all"].contains(status) {
            throw .imageBadRequest("Invalid status: \(status)", code: "image.bad_member_status")
        }
        query.tags = all("tag")
        try parseSort(items, into: &query)
        for (name, value) in items where !controlParameters.contains(name) {
            switch name {
            case "visibility":
                guard ["community", "public", "private", "shared", "all"].contains(value) else {
                    throw .imageBadRequest("Invalid visibility value: \(value)", code: "image.bad_visibility_filter")
                }
                query.visibility = value
            case "protected": query.protected = try flag(value, name)
            case "os_hidden": query.hidden = try flag(value.lowercased(), name)  // Glance lowercases this one only
            case "changes-since":
                throw .imageBadRequest("The \"changes-since\" filter is no longer available on v2.", code: "image.bad_filter")
            case "size_min", "size_max":
                guard let bytes = Int64(value) else {
                    throw .imageBadRequest("Unable to filter using the specified range.", code: "image.bad_filter")
                }
                if name == "size_min" { query.sizeMin = bytes } else { query.sizeMax = bytes }
            case "name", "status", "owner", "disk_format", "container_format", "id", "min_disk", "min_ram":
                query.filters[name] = value
            default:
                query.properties[name] = value
            }
        }
        return query
    }

    private static func flag(_ value: String, _ name: String) throws(PatchbayError) -> Bool {
        guard value == "true" || value == "false" else {
            throw .imageBadRequest("Invalid value '\(value)' for '\(name)' filter. Valid values are 'true' or 'false'.",
                                   code: "image.bad_filter")
        }
        return value == "true"
    }

    /// `sort=key:dir,…` or the classic `sort_key=…&sort_dir=…` (never both).
    private static func parseSort(_ items: [(name: String, value: String)], into query: inout ImageListQuery) throws(PatchbayError) {
        let keys = items.filter { $0.name == "sort_key" }.map { trimmed($0.value) }
        let directions = items.filter { $0.name == "sort_dir" }.map { trimmed($0.value) }
        if let sort = items.last(where: { $0.name == "sort" })?.value {
            guard keys.isEmpty, directions.isEmpty else {
                throw .imageBadRequest("Old and new sorting syntax cannot be combined", code: "image.bad_sort")
            }
            for part in trimmed(sort).split(separator: ",", omittingEmptySubsequences: false) {
                let pieces = part.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map { trimmed(String($0)) }
                query.sort.append((try sortKey(pieces[0]), try ascending(pieces.count > 1 && !pieces[1].isEmpty ? pieces[1] : "desc")))
            }
            query.tiebreakAscending = query.sort.count == 1 ? query.sort[0].ascending : false
            return
        }
        let checkedKeys = try keys.map { key throws(PatchbayError) in try sortKey(key) }
        let checkedDirections = try directions.map { direction throws(PatchbayError) in try ascending(direction) }
        if checkedDirections.count > 1, checkedDirections.count != checkedKeys.count {
            throw .imageBadRequest("Number of sort dirs does not match the number of sort keys", code: "image.bad_sort")
        }
        for (index, key) in checkedKeys.enumerated() {
            let up = checkedDirections.isEmpty ? false : checkedDirections[checkedDirections.count == 1 ? 0 : index]
            query.sort.append((key, up))
        }
        query.tiebreakAscending = checkedDirections.count == 1 ? checkedDirections[0] : false
    }

    private static func sortKey(_ key: String) throws(PatchbayError) -> String {
        guard sortKeys.contains(key) else {
            throw .imageBadRequest("Invalid sort key: \(key). It must be one of the following: \(sortKeys.joined(separator: ", ")).",
                                   code: "image.bad_sort")
        }
        return key
    }

    private static func ascending(_ direction: String) throws(PatchbayError) -> Bool {
        guard direction == "asc" || direction == "desc" else {
            throw .imageBadRequest("Invalid sort direction: \(direction)", code: "image.bad_sort")
        }
        return direction == "asc"
    }

    private static func trimmed(_ text: String) -> String {
        String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
