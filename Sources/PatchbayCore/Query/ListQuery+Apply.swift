/// Running a query over a collection: filter → sort → paginate → select fields.
extension ListQuery {
    /// Filters, sorts (with `id` ascending as the final tiebreak), paginates and selects fields.
    ///
    /// - Parameter linkBase: the request path plus its query minus `limit`, `marker` and
    ///   `page_reverse` (see `PageLink.linkBase(path:queryItems:)`); nil for no links.
    /// - Throws: `PatchbayError.invalidInput` for a filter value the attribute's type cannot
    ///   take, `PatchbayError.badMarker` for a marker that is not in the filtered list.
    public func apply(to resources: [[String: JSONValue]], linkBase: String?) throws -> ListPage {
        var kept: [[String: JSONValue]] = []
        for resource in resources where try matches(resource) { kept.append(resource) }
        let page = try paginate(sorted(kept))
        let links = linkBase.map { PageLink.links(for: page, query: self, base: $0) } ?? []
        return ListPage(items: page.map(selectFields), links: links)
    }

    /// Sorts by `effectiveSort`; equal resources keep their input order.
    func sorted(_ resources: [[String: JSONValue]]) -> [[String: JSONValue]] {
        let criteria = effectiveSort
        return resources.enumerated().sorted { lhs, rhs in
            for criterion in criteria {
                let order = criterion.compare(lhs.element, rhs.element)
                if order != 0 { return order < 0 }
            }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// The page the marker, limit and direction select from a sorted list.
    /// Without a page size (limit nil or 0) everything is returned and the marker is ignored.
    func paginate(_ sorted: [[String: JSONValue]]) throws -> [[String: JSONValue]] {
        guard let pageSize else { return sorted }
        var lower = 0, upper = sorted.count
        if let marker {
            guard let index = sorted.firstIndex(where: { Self.identifier(of: $0) == marker }) else {
                throw PatchbayError.badMarker(marker)
            }
            if pageReverse { upper = index } else { lower = index + 1 }
        }
        if pageReverse {
            lower = max(lower, upper - pageSize)
        } else {
            upper = min(upper, lower + pageSize)
        }
        return Array(sorted[lower..<upper])
    }

    /// The resource restricted to the requested fields that it has; all of it when none are requested.
    func selectFields(_ resource: [String: JSONValue]) -> [String: JSONValue] {
        guard !fields.isEmpty else { return resource }
        var selected: [String: JSONValue] = [:]
        for name in fields { if let value = resource[name] { selected[name] = value } }
        return selected
    }

    /// A resource's `id` as text (string ids as they are, integer ids in decimal).
    static func identifier(of resource: [String: JSONValue]) -> String? {
        switch resource["id"] {
        case .string(let id)?: id
        case .int(let id)?: String(id)
        default: nil
        }
    }
}
