/// `GET /v2/images?…` as Glance reads it: filters, sort keys with directions, a page size and
/// the marker the page starts after. Parse one with ``parse(_:)``, run it with ``page(of:)``.
public struct ImageListQuery: Sendable, Equatable {
    /// Equality filters on base attributes (`name`, `status`, `owner`, …).
    public var filters: [String: String] = [:]
    /// Equality filters on extra properties (any parameter Glance does not know).
    public var properties: [String: String] = [:]
    /// Tags every listed image carries.
    public var tags: [String] = []
    /// `visibility=`; `all` lists community images too; nil lists the default set.
    public var visibility: String?
    /// `protected=true|false`.
    public var protected: Bool?
    /// `os_hidden=true` lists only hidden images; by default hidden ones are left out.
    public var hidden = false
    /// Smallest and largest size, in bytes.
    public var sizeMin: Int64?, sizeMax: Int64?
    /// Sort keys with their directions (`true` = ascending), without the implicit tiebreaks.
    public var sort: [(key: String, ascending: Bool)] = []
    /// The direction of the implicit `created_at` and `id` tiebreaks: the one direction given,
    /// else descending.
    public var tiebreakAscending = false
    /// The page size.
    public var limit = ImageListQuery.defaultLimit
    /// The id of the image the page starts after.
    public var marker: String?

    /// Glance's `limit_param_default`.
    public static let defaultLimit = 25
    /// Glance's `api_limit_max`.
    public static let maximumLimit = 1000
    /// The keys Glance sorts by.
    public static let sortKeys = ["name", "status", "container_format", "disk_format", "size", "id", "created_at", "updated_at"]

    /// Creates an empty query (the default list).
    public init() {}

    /// The sort actually applied: the asked keys (`created_at` when none), then `created_at` and
    /// `id` as tiebreaks, as Glance's database layer adds them.
    public var effectiveSort: [(key: String, ascending: Bool)] {
        var order = sort.isEmpty ? [(key: "created_at", ascending: tiebreakAscending)] : sort
        for key in ["created_at", "id"] where !order.contains(where: { $0.key == key }) {
            order.append((key, tiebreakAscending))
        }
        return order
    }

    /// Two queries are equal when every part is, sort keys compared pairwise.
    public static func == (lhs: ImageListQuery, rhs: ImageListQuery) -> Bool {
        lhs.filters == rhs.filters && lhs.properties == rhs.properties && lhs.tags == rhs.tags
            && lhs.visibility == rhs.visibility && lhs.protected == rhs.protected && lhs.hidden == rhs.hidden
            && lhs.sizeMin == rhs.sizeMin && lhs.sizeMax == rhs.sizeMax && lhs.limit == rhs.limit && lhs.marker == rhs.marker
            && lhs.sort.map(\.key) == rhs.sort.map(\.key) && lhs.sort.map(\.ascending) == rhs.sort.map(\.ascending)
            && lhs.tiebreakAscending == rhs.tiebreakAscending
    }
}

/// One page of a list: the images and, when the page is full, the marker of the next one.
public struct ImagePage: Sendable, Equatable {
    /// The images on this page, in order.
    public var images: [Image]
    /// The id to continue after; nil when this page is the last.
    public var nextMarker: String?
}
