/// One page of a list result: the resources and Neutron's `<collection>_links`.
public struct ListPage: Sendable, Equatable {
    /// The resources of this page, restricted to the requested fields.
    public var items: [[String: JSONValue]]
    /// The `next`/`previous` links; empty when not paginating.
    public var links: [PageLink]

    /// Creates a page.
    public init(items: [[String: JSONValue]], links: [PageLink] = []) {
        self.items = items
        self.links = links
    }
}

/// A pagination link as Neutron renders it: `{"rel": "next", "href": "…"}`.
public struct PageLink: Sendable, Equatable, Hashable {
    /// `next` or `previous`.
    public var rel: String
    /// The URL of that page.
    public var href: String

    /// Creates a link.
    public init(rel: String, href: String) {
        self.rel = rel
        self.href = href
    }

    /// The link as a JSON object for the response body.
    public var jsonValue: JSONValue { .object(["rel": .string(rel), "href": .string(href)]) }

    /// Builds the `linkBase` for `ListQuery.apply`: `path` plus the query items other than
    /// `limit`, `marker` and `page_reverse`, percent-encoded, in their original order.
    public static func linkBase(path: String, queryItems: [(name: String, value: String)]) -> String {
        let kept = queryItems.filter { !["limit", "marker", "page_reverse"].contains($0.name) }
        guard !kept.isEmpty else { return path }
        return path + "?" + kept.map { "\(percentEncoded($0.name))=\(percentEncoded($0.value))" }
            .joined(separator: "&")
    }

    /// The links for a returned page (ids taken before field selection), by Neutron's rule: a
    /// `next` link unless the page came up short going forward, a `previous` link unless it came
    /// up short going backward. An empty page links without a marker.
    static func links(for page: [[String: JSONValue]], query: ListQuery, base: String) -> [PageLink] {
        guard let limit = query.pageSize else { return [] }
        let first = page.first.flatMap(ListQuery.identifier), last = page.last.flatMap(ListQuery.identifier)
        let short = page.count < limit
        var links: [PageLink] = []
        if !(short && !query.pageReverse) {
            links.append(PageLink(rel: "next", href: appending(base, limit: limit, marker: last, reverse: false)))
        }
        if !(short && query.pageReverse) {
            links.append(PageLink(rel: "previous", href: appending(base, limit: limit, marker: first, reverse: true)))
        }
        return links
    }

    private static func appending(_ base: String, limit: Int, marker: String?, reverse: Bool) -> String {
        let separator = !base.contains("?") ? "?" : (base.hasSuffix("?") || base.hasSuffix("&") ? "" : "&")
        let tail = (marker.map { "&marker=\(percentEncoded($0))" } ?? "") + (reverse ? "&page_reverse=True" : "")
        return "\(base)\(separator)limit=\(limit)\(tail)"
    }

    /// Percent-encodes everything except RFC 3986 unreserved characters.
    public static func percentEncoded(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                encoded.unicodeScalars.append("%")
                encoded.unicodeScalars.append(hex[Int(byte >> 4)])
                encoded.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return encoded
    }
}
