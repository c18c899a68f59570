/// A parsed Neutron list query (`GET /v2.0/<collection>?…`): filters, tag filters, field
/// selection, sorting and pagination. Build one with `parse(_:schema:)`, run it with `apply`.
public struct ListQuery: Sendable, Equatable {
    /// Attributes to return; empty means all.
    public var fields: [String]
    /// Plain filters: values of one key are ORed, different keys are ANDed.
    public var filters: [String: [String]]
    /// Sub-filters on list-of-dict attributes: attribute → element key → accepted values.
    /// Values of one element key are ORed; different element keys must hold on the same element.
    public var subFilters: [String: [String: [String]]]
    /// The tag filters (`tags`, `tags-any`, `not-tags`, `not-tags-any`).
    public var tags: TagFilter
    /// The requested sort order, without the implicit `id` tiebreak.
    public var sort: [SortCriterion]
    /// The page size; nil or 0 means no pagination (marker and page_reverse are then ignored).
    public var limit: Int?
    /// The id of the resource the page starts after (or ends before, when reversed).
    public var marker: String?
    /// Whether the page is the one before the marker rather than after it.
    public var pageReverse: Bool

    /// Creates a query; the defaults list everything in id order.
    public init(
        fields: [String] = [],
        filters: [String: [String]] = [:],
        subFilters: [String: [String: [String]]] = [:],
        tags: TagFilter = TagFilter(),
        sort: [SortCriterion] = [],
        limit: Int? = nil,
        marker: String? = nil,
        pageReverse: Bool = false
    ) {
        self.fields = fields
        self.filters = filters
        self.subFilters = subFilters
        self.tags = tags
        self.sort = sort
        self.limit = limit
        self.marker = marker
        self.pageReverse = pageReverse
    }

    /// The page size when pagination is on (limit > 0), else nil.
    public var pageSize: Int? {
        guard let limit, limit > 0 else { return nil }
        return limit
    }

    /// The sort order actually used: the requested keys, then `id` ascending unless already a key.
    public var effectiveSort: [SortCriterion] {
        sort.contains { $0.key == "id" } ? sort : sort + [SortCriterion(key: "id")]
    }
}
