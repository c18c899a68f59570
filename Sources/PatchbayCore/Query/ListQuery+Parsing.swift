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

    /// Pairs `sort_key`s with `sort_dir`s. As in Neutron, the counts must match (a key without a
    /// direction is an error), then unknown keys, then bad directions are refused.
    private static func parseSort(keys: [String], directions: [String], schema: QuerySchema) throws -> [SortCriterion] {
        if directions.count != keys.count {
            throw PatchbayError.badRequest("The number of sort_keys and sort_dirs must be same",
                                           code: "request.sort_mismatch")
        }
        let unknown = keys.filter { !schema.sortable.contains($0) }
        if !unknown.isEmpty {
            throw PatchbayError.badRequest("\(pythonList(unknown)) is invalid attribute for sort_keys", code: "request.invalid_sort_key")
        }
        let invalid = directions.filter { $0 != "asc" && $0 != "desc" }
        if !invalid.isEmpty {
            throw PatchbayError.badRequest("\(pythonList(invalid)) is invalid value for sort_dirs, valid value is 'asc' and 'desc'",
                                           code: "request.invalid_sort_dir")
        }
        return keys.enumerated().map { index, key in
            SortCriterion(key: key, ascending: directions[index] == "asc")
        }
    }

    /// A list rendered as Python prints it: `['a', 'b']`.
    static func pythonList(_ items: [String]) -> String {
        "[" + items.map { "'\($0)'" }.joined(separator: ", ") + "]"
    }

    private static func parseLimit(_ text: String) throws -> Int {
        guard let limit = Int(text), limit >= 0 else {
            throw PatchbayError(code: "request.invalid_limit", type: "BadRequest", category: .badRequest,
                                message: "Bad limit request: Limit must be an integer 0 or greater and not '\(text)'.")
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
        default: throw PatchbayError.invalidInput("'\(text)' cannot be converted to boolean")
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
        PatchbayError(code: "request.invalid_filter", type: "HTTPBadRequest", category: .badRequest,
                      message: "\(ListQuery.pythonList(names)) is invalid attribute for filtering")
    }

    /// 404 for a pagination marker that names no listed resource; the API renames it to the
    /// collection's own `<Kind>NotFound`, as Neutron answers.
    public static func badMarker(_ marker: String) -> PatchbayError {
        PatchbayError(code: "request.bad_marker", type: "HTTPNotFound", category: .notFound,
                      message: "Marker \(marker) could not be found.")
    }
}
