/// What a collection lets a list query do: which attributes filter, which sort, and whether tag
/// filters are accepted. Each API resource declares one; the query engine stays generic.
public struct QuerySchema: Sendable, Equatable {
    /// Attribute names that may be used as plain filters (`?name=x`).
    public var filterable: Set<String>
    /// Attribute names allowed as `sort_key`.
    public var sortable: Set<String>
    /// List-of-dict attributes filtered as `key=value`, e.g. `fixed_ips=ip_address=10.0.0.5`.
    public var subFilterable: Set<String>
    /// Whether `tags`, `tags-any`, `not-tags` and `not-tags-any` are accepted.
    public var supportsTags: Bool

    /// Creates a schema; every capability is off unless given.
    public init(
        filterable: Set<String> = [],
        sortable: Set<String> = [],
        subFilterable: Set<String> = [],
        supportsTags: Bool = false
    ) {
        self.filterable = filterable
        self.sortable = sortable
        self.subFilterable = subFilterable
        self.supportsTags = supportsTags
    }

    /// The query parameters that control the listing itself and are never filters.
    public static let reservedParameters: Set<String> = [
        "fields", "sort_key", "sort_dir", "limit", "marker", "page_reverse",
    ]

    /// True when `name` is a reserved (non-filter) parameter under this schema.
    public func isReserved(_ name: String) -> Bool {
        Self.reservedParameters.contains(name) || (supportsTags && TagFilter.parameterNames.contains(name))
    }
}
