import Testing
@testable import PatchbayCore

@Suite("Pagination links")
struct PageLinksTests {
    static let base = "/v2.0/networks"

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let query: String
        let ids: [String]
        let next: String?
        let previous: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "first page has both", query: "limit=2", ids: ["n1", "n2"],
             next: "\(base)?limit=2&marker=n2", previous: "\(base)?limit=2&marker=n1&page_reverse=True"),
        Case(name: "middle page has both", query: "limit=2&marker=n2", ids: ["n3", "n4"],
             next: "\(base)?limit=2&marker=n4", previous: "\(base)?limit=2&marker=n3&page_reverse=True"),
        Case(name: "short last page has previous only", query: "limit=2&marker=n4", ids: ["n5"],
             next: nil, previous: "\(base)?limit=2&marker=n5&page_reverse=True"),
        Case(name: "full single page has both", query: "limit=5", ids: ["n1", "n2", "n3", "n4", "n5"],
             next: "\(base)?limit=5&marker=n5", previous: "\(base)?limit=5&marker=n1&page_reverse=True"),
        Case(name: "short first page has previous only", query: "limit=10", ids: ["n1", "n2", "n3", "n4", "n5"],
             next: nil, previous: "\(base)?limit=10&marker=n1&page_reverse=True"),
        Case(name: "empty page after the end has previous without marker", query: "limit=5&marker=n5", ids: [],
             next: nil, previous: "\(base)?limit=5&page_reverse=True"),
        Case(name: "empty filtered first page has previous without marker", query: "limit=2&name=nomatch", ids: [],
             next: nil, previous: "\(base)?limit=2&page_reverse=True"),
        Case(name: "reverse middle page has both", query: "limit=2&marker=n4&page_reverse=true", ids: ["n2", "n3"],
             next: "\(base)?limit=2&marker=n3", previous: "\(base)?limit=2&marker=n2&page_reverse=True"),
        Case(name: "reverse full page at the start has both", query: "limit=2&marker=n3&page_reverse=true",
             ids: ["n1", "n2"], next: "\(base)?limit=2&marker=n2", previous: "\(base)?limit=2&marker=n1&page_reverse=True"),
        Case(name: "reverse short first page has next only", query: "limit=2&marker=n2&page_reverse=true",
             ids: ["n1"], next: "\(base)?limit=2&marker=n1", previous: nil),
        Case(name: "reverse without marker has both", query: "limit=2&page_reverse=true", ids: ["n4", "n5"],
             next: "\(base)?limit=2&marker=n5", previous: "\(base)?limit=2&marker=n4&page_reverse=True"),
        Case(name: "reverse short page without marker has next only", query: "limit=10&page_reverse=true",
             ids: ["n1", "n2", "n3", "n4", "n5"], next: "\(base)?limit=10&marker=n5", previous: nil),
        Case(name: "empty page before the start has next without marker", query: "limit=2&marker=n1&page_reverse=true",
             ids: [], next: "\(base)?limit=2", previous: nil),
        Case(name: "empty filtered reverse page has next without marker", query: "limit=2&name=nomatch&page_reverse=true",
             ids: [], next: "\(base)?limit=2", previous: nil),
        Case(name: "no limit has none", query: "marker=n2", ids: ["n1", "n2", "n3", "n4", "n5"],
             next: nil, previous: nil),
        Case(name: "limit zero has none", query: "limit=0", ids: ["n1", "n2", "n3", "n4", "n5"],
             next: nil, previous: nil),
        Case(name: "limit zero with page_reverse has none", query: "limit=0&page_reverse=true",
             ids: ["n1", "n2", "n3", "n4", "n5"], next: nil, previous: nil),
        Case(name: "ids are read before field selection", query: "limit=1&fields=name", ids: ["?"],
             next: "\(base)?limit=1&marker=n1", previous: "\(base)?limit=1&marker=n1&page_reverse=True"),
    ]

    @Test(arguments: cases)
    func links(_ testCase: Case) throws {
        let page = try ListQuery.parse(queryTestItems(testCase.query), schema: queryTestSchema)
            .apply(to: queryTestNetworks, linkBase: Self.base)
        #expect(page.items.map { $0["id"]?.stringValue ?? "?" } == testCase.ids)
        var expected: [PageLink] = []
        if let next = testCase.next { expected.append(PageLink(rel: "next", href: next)) }
        if let previous = testCase.previous { expected.append(PageLink(rel: "previous", href: previous)) }
        #expect(page.links == expected)
    }

    @Test func noLinkBaseMeansNoLinks() throws {
        let page = try ListQuery(limit: 2, marker: "n2").apply(to: queryTestNetworks, linkBase: nil)
        #expect(page.items.count == 2)
        #expect(page.links.isEmpty)
    }

    /// `prefix` is the base plus the separator the links continue it with.
    static let separators: [(base: String, prefix: String)] = [
        ("/v2.0/ports", "/v2.0/ports?"),
        ("/v2.0/ports?name=x", "/v2.0/ports?name=x&"),
        ("/v2.0/ports?", "/v2.0/ports?"),
        ("/v2.0/ports?name=x&", "/v2.0/ports?name=x&"),
    ]

    @Test(arguments: separators)
    func appendsWithTheRightSeparator(base: String, prefix: String) throws {
        let page = try ListQuery(limit: 1).apply(to: queryTestNetworks, linkBase: base)
        #expect(page.links == [PageLink(rel: "next", href: "\(prefix)limit=1&marker=n1"),
                               PageLink(rel: "previous", href: "\(prefix)limit=1&marker=n1&page_reverse=True")])
    }

    @Test(arguments: separators)
    func emptyPageAppendsWithTheRightSeparator(base: String, prefix: String) throws {
        let forward = try ListQuery(limit: 1, marker: "n5").apply(to: queryTestNetworks, linkBase: base)
        #expect(forward.items.isEmpty)
        #expect(forward.links == [PageLink(rel: "previous", href: "\(prefix)limit=1&page_reverse=True")])
        let backward = try ListQuery(limit: 1, marker: "n1", pageReverse: true).apply(to: queryTestNetworks, linkBase: base)
        #expect(backward.items.isEmpty)
        #expect(backward.links == [PageLink(rel: "next", href: "\(prefix)limit=1")])
    }

    @Test func markerIsPercentEncoded() throws {
        let resources: [[String: JSONValue]] = [["id": "a b/ü&c"], ["id": "z"]]
        let page = try ListQuery(limit: 1).apply(to: resources, linkBase: "/v2.0/ports")
        #expect(page.links == [PageLink(rel: "next", href: "/v2.0/ports?limit=1&marker=a%20b%2F%C3%BC%26c"),
                               PageLink(rel: "previous", href: "/v2.0/ports?limit=1&marker=a%20b%2F%C3%BC%26c&page_reverse=True")])
    }

    @Test func integerIdsWorkAsMarkers() throws {
        let resources: [[String: JSONValue]] = [["id": 1], ["id": 2], ["id": 3]]
        let page = try ListQuery(limit: 1, marker: "1").apply(to: resources, linkBase: "/x")
        #expect(page.items == [["id": 2]])
        #expect(page.links.map(\.href) == ["/x?limit=1&marker=2", "/x?limit=1&marker=2&page_reverse=True"])
    }

    @Test func linkBaseDropsPaginationParametersAndEncodes() {
        let items = queryTestItems("name=a b&limit=2&fields=id&marker=n1&page_reverse=True&tags=x,y")
        #expect(PageLink.linkBase(path: "/v2.0/networks", queryItems: items)
            == "/v2.0/networks?name=a%20b&fields=id&tags=x%2Cy")
        #expect(PageLink.linkBase(path: "/v2.0/networks", queryItems: queryTestItems("limit=1")) == "/v2.0/networks")
    }

    @Test func linkRendersAsJSONObject() {
        #expect(PageLink(rel: "next", href: "/v2.0/networks?limit=1&marker=n1").jsonValue
            == ["rel": "next", "href": "/v2.0/networks?limit=1&marker=n1"])
    }
}
