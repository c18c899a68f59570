import Testing
@testable import PatchbayCore

@Suite("ListQuery sorting, pagination and fields")
struct ListQueryApplyTests {
    static let sortCases: [(query: String, ids: [String])] = [
        ("sort_key=name&sort_dir=asc", ["n5", "n1", "n2", "n4", "n3"]),
        ("sort_key=name&sort_dir=desc", ["n3", "n2", "n4", "n1", "n5"]),
        ("sort_key=shared&sort_dir=desc&sort_key=name&sort_dir=desc", ["n2", "n4", "n3", "n1", "n5"]),
        ("sort_key=shared&sort_dir=asc&sort_key=name&sort_dir=asc", ["n5", "n1", "n3", "n2", "n4"]),
        ("sort_key=shared&sort_key=name&sort_dir=asc&sort_dir=desc", ["n3", "n1", "n5", "n2", "n4"]),
        ("sort_key=provider:segmentation_id&sort_dir=asc", ["n3", "n2", "n4", "n1", "n5"]),
        ("sort_key=provider:segmentation_id&sort_dir=desc", ["n5", "n1", "n4", "n2", "n3"]),
        ("sort_key=description&sort_dir=asc", ["n1", "n4", "n2", "n3", "n5"]),
        ("sort_key=admin_state_up&sort_dir=asc", ["n2", "n5", "n1", "n3", "n4"]),
        ("sort_key=id&sort_dir=desc", ["n5", "n4", "n3", "n2", "n1"]),
    ]

    @Test(arguments: sortCases)
    func sort(query: String, ids: [String]) throws {
        #expect(try queryTestIDs(query) == ids)
    }

    @Test func equalResourcesFallBackToIdThenInputOrder() {
        let resources: [[String: JSONValue]] = [
            ["id": "b", "name": "same"], ["id": "a", "name": "same"],
            ["id": "a", "name": "same", "n": 1], ["id": "a", "name": "same", "n": 2],
        ]
        let sorted = ListQuery(sort: [SortCriterion(key: "name")]).sorted(resources)
        #expect(sorted == [resources[1], resources[2], resources[3], resources[0]])
    }

    static let orderingCases: [(lower: JSONValue, higher: JSONValue)] = [
        (nil, false), (false, true), (true, 0), (9, 10), (1, 1.5), (-2.5, -2), (10, "1"),
        ("Z", "a"), ("z", "é"), ("ab", "abc"), ("abc", ["x"]), ([1, 2], [1, 3]), ([1], [1, 0]), (["x"], [:]),
    ]

    @Test(arguments: orderingCases)
    func ordering(lower: JSONValue, higher: JSONValue) {
        #expect(JSONValueOrdering.compare(lower, higher) < 0)
        #expect(JSONValueOrdering.compare(higher, lower) > 0)
        #expect(JSONValueOrdering.compare(lower, lower) == 0)
    }

    static let pageCases: [(query: String, ids: [String])] = [
        ("limit=2", ["n1", "n2"]),
        ("limit=2&marker=n2", ["n3", "n4"]),
        ("limit=2&marker=n4", ["n5"]),
        ("limit=2&marker=n5", []),
        ("limit=2&marker=n4&page_reverse=true", ["n2", "n3"]),
        ("limit=2&marker=n2&page_reverse=true", ["n1"]),
        ("limit=2&marker=n1&page_reverse=true", []),
        ("limit=2&page_reverse=true", ["n4", "n5"]),
        ("limit=10", ["n1", "n2", "n3", "n4", "n5"]),
        ("limit=0", ["n1", "n2", "n3", "n4", "n5"]),
        ("limit=0&marker=missing&page_reverse=true", ["n1", "n2", "n3", "n4", "n5"]),
        ("marker=n2", ["n1", "n2", "n3", "n4", "n5"]),
        ("sort_key=name&sort_dir=desc&limit=2&marker=n2", ["n4", "n1"]),
        ("sort_key=name&sort_dir=desc&limit=2&marker=n1&page_reverse=True", ["n2", "n4"]),
        ("admin_state_up=true&limit=1&marker=n1", ["n3"]),
    ]

    @Test(arguments: pageCases)
    func paginate(query: String, ids: [String]) throws {
        #expect(try queryTestIDs(query) == ids)
    }

    @Test(arguments: ["limit=2&marker=nope", "admin_state_up=false&limit=2&marker=n1",
                      "limit=1&marker=N1&page_reverse=true"])
    func unknownMarker_Fails(query: String) throws {
        let marker = try #require(queryTestItems(query).first { $0.name == "marker" }?.value)
        let error = #expect(throws: PatchbayError.self) { try queryTestIDs(query) }
        #expect(error?.code == "request.bad_marker")
        #expect(error?.type == "HTTPNotFound")
        #expect(error?.category == .notFound)
        #expect(error?.category.httpStatus == 404)
        #expect(error?.message == "Marker \(marker) could not be found.")
        #expect(error == PatchbayError.badMarker(marker))
    }

    static let fieldCases: [(query: String, keys: [Set<String>])] = [
        ("fields=id&fields=name&id=n1&id=n3", [["id", "name"], ["id", "name"]]),
        ("fields=name,nonexistent&id=n5", [["name"]]),
        ("fields=status&id=n3&id=n4", [[], ["status"]]),
        ("fields=tags,id&sort_key=name&sort_dir=asc&limit=1", [["id"]]),
    ]

    @Test(arguments: fieldCases)
    func selectFields(query: String, keys: [Set<String>]) throws {
        let page = try ListQuery.parse(queryTestItems(query), schema: queryTestSchema)
            .apply(to: queryTestNetworks, linkBase: nil)
        #expect(page.items.map { Set($0.keys) } == keys)
    }

    @Test func noFieldsReturnsWholeResources() throws {
        let page = try ListQuery().apply(to: queryTestNetworks, linkBase: nil)
        #expect(Set(page.items) == Set(queryTestNetworks))
        #expect(page.items.count == queryTestNetworks.count)
    }

    @Test func selectedValuesAreUnchanged() throws {
        let page = try ListQuery.parse(queryTestItems("fields=tags&fields=mtu_ratio&id=n1"), schema: queryTestSchema)
            .apply(to: queryTestNetworks, linkBase: nil)
        #expect(page.items == [["tags": ["red", "blue"], "mtu_ratio": 1.5]])
    }
}
