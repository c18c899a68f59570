/// Turning URL query items into a `ListQuery`, with Neutron's 400s for what it refuses.
extension ListQuery {
    /// Parses decoded URL query items (in request order) against what the collection allows.
    ///
    /// Checks run in Neutron's order: filter names, then sorting, then `limit` and `page_reverse`.
    /// Filter values are converted later, by `apply`, against each attribute's JSON type.
    public static func parse(_ items: [(name: String, value: String)], schema: QuerySchema) throws -> ListQuery {
        var query = ListQuery()
        var invalidFilters: [String] = []
        var sortKeys: [String] = [], sortDirs: [String] = []
        var limitText: String?, pageReverseText: String?
        for (name, value) in items {
            switch name {
            case "fields": query.fields += value.split(separator: ",").map(String.init)
            case "sort_key": if !value.isEmpty { sortKeys.append(value) }
            case "sort_dir": if !value.isEmpty { sortDirs.append(value) }
            case "limit": limitText = value
            case "marker": query.marker = value.isEmpty ? nil : value
            case "page_reverse": pageReverseText = value
            case _ where schema.supportsTags && TagFilter.parameterNames.contains(name):
                query.tags.add(parameter: name, value: value)
            case _ where schema.subFilterable.contains(name):
                let (key, wanted) = try splitSubFilter(value)
                query.subFilters[name, default: [:]][key, default: []].append(wanted)
            case _ where schema.filterable.contains(name):
                query.filters[name, default: []].append(value)
            default:
                if !invalidFilters.contains(name) { invalidFilters.append(name) }
            }
        }
        if !invalidFilters.isEmpty { throw PatchbayError.invalidFilter(invalidFilters) }
        query.fields = uniqued(query.fields)
        query.sort = try parseSort(keys: sortKeys, directions: sortDirs, schema: schema)
        query.limit = try limitText.map(parseLimit)
        query.pageReverse = try pageReverseText.map(parseBoolean) ?? false
        return query
    }

    /// Pairs `sort_key`s with `sort_dir`s; without any `sort_dir` every key sorts ascending.
    private static func parseSort(keys: [String], directions: [String], schema: QuerySchema) throws -> [SortCriterion] {
        if !directions.isEmpty && directions.count != keys.count {
            throw PatchbayError.badRequest("The number of sort_keys and sort_dirs must be same",
                                           code: "request.sort_mismatch")
        }
        if let bad = keys.first(where: { !schema.sortable.contains($0) }) {
            throw PatchbayError.badRequest("\(bad) is invalid attribute for sort_key", code: "request.invalid_sort_key")
        }
        if let bad = directions.first(where: { $0 != "asc" && $0 != "desc" }) {
            throw PatchbayError.badRequest("\(bad) is invalid value for sort_dir", code: "request.invalid_sort_dir")
        }
        return keys.enumerated().map { index, key in
            SortCriterion(key: key, ascending: directions.isEmpty || directions[index] == "asc")
        }
    }

    private static func parseLimit(_ text: String) throws -> Int {
        guard let limit = Int(text), limit >= 0 else {
            throw PatchbayError.badRequest("Limit must be an integer 0 or greater and not '\(text)'",
                                           code: "request.invalid_limit")
        }
        return limit
    }

    /// Splits a sub-filter value `key=value` at its first `=`.
    private static func splitSubFilter(_ value: String) throws -> (key: String, value: String) {
        guard let equals = value.firstIndex(of: "="), equals != value.startIndex else {
            throw PatchbayError.invalidInput("'\(value)' is not of the form <key>=[value]")
        }
        return (String(value[..<equals]), String(value[value.index(after: equals)...]))
    }

    /// Neutron's boolean spellings for query values: true/false (any case), 1/0.
    static func parseBoolean(_ text: String) throws -> Bool {
        switch text.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw PatchbayError.invalidInput("'\(text)' is not a valid boolean value")
        }
    }

    private static func uniqued(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}

extension PatchbayError {
    /// 400 `HTTPBadRequest` for filter names the collection does not allow, listed in request order.
    public static func invalidFilter(_ names: [String]) -> PatchbayError {
        let list = names.map { "'\($0)'" }.joined(separator: ", ")
        return PatchbayError(code: "request.invalid_filter", type: "HTTPBadRequest", category: .badRequest,
                             message: "[\(list)] is invalid attribute for filtering")
    }

    /// 400 `HTTPBadRequest` for a pagination marker that names no listed resource.
    public static func badMarker(_ marker: String) -> PatchbayError {
        .badRequest("Marker \(marker) could not be found.", code: "request.bad_marker")
    }
}
