import Testing
@testable import PatchbayCore

/// Splits a literal query such as `"name=a&limit=2"` into items (no percent-decoding), in order.
func queryTestItems(_ query: String) -> [(name: String, value: String)] {
    query.split(separator: "&").map { pair in
        let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
    }
}

/// The schema the query tests share: a network-like collection with tags and a port-like sub-filter.
let queryTestSchema = QuerySchema(
    filterable: ["id", "name", "admin_state_up", "provider:segmentation_id", "description", "status",
                 "availability_zones", "mtu_ratio"],
    sortable: ["id", "name", "admin_state_up", "provider:segmentation_id", "description", "shared"],
    subFilterable: ["fixed_ips"],
    supportsTags: true)

@Suite("ListQuery parsing")
struct ListQueryParsingTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let query: String
        let expected: ListQuery
        var testDescription: String { name }
    }

    static let accepted: [Case] = [
        Case(name: "empty", query: "", expected: ListQuery()),
        Case(name: "fields repeated and comma-separated, deduplicated", query: "fields=id&fields=name,tags&fields=id",
             expected: ListQuery(fields: ["id", "name", "tags"])),
        Case(name: "repeated filter keeps every value", query: "name=a&status=ACTIVE&name=b",
             expected: ListQuery(filters: ["name": ["a", "b"], "status": ["ACTIVE"]])),
        Case(name: "empty filter value is kept", query: "description=",
             expected: ListQuery(filters: ["description": [""]])),
        Case(name: "sub-filter splits at the first equals sign",
             query: "fixed_ips=ip_address=10.0.0.5&fixed_ips=subnet_id=s=1&fixed_ips=ip_address=10.0.0.6",
             expected: ListQuery(subFilters: ["fixed_ips": ["ip_address": ["10.0.0.5", "10.0.0.6"],
                                                            "subnet_id": ["s=1"]]])),
        Case(name: "tag filters split on commas and merge repeats",
             query: "tags=a,b&tags=c&tags-any=d&not-tags=e,f&not-tags-any=g,,h",
             expected: ListQuery(tags: TagFilter(all: ["a", "b", "c"], any: ["d"], notAll: ["e", "f"],
                                                 notAny: ["g", "h"]))),
        Case(name: "sort keys with ascending directions", query: "sort_key=name&sort_dir=asc&sort_key=id&sort_dir=asc",
             expected: ListQuery(sort: [SortCriterion(key: "name"), SortCriterion(key: "id")])),
        Case(name: "sort keys and directions pair up in order, not adjacency",
             query: "sort_key=name&sort_key=id&sort_dir=desc&sort_dir=asc",
             expected: ListQuery(sort: [SortCriterion(key: "name", ascending: false), SortCriterion(key: "id")])),
        Case(name: "sort keys paired with directions", query: "sort_key=name&sort_dir=desc&sort_key=shared&sort_dir=asc",
             expected: ListQuery(sort: [SortCriterion(key: "name", ascending: false), SortCriterion(key: "shared")])),
        Case(name: "pagination parameters", query: "limit=2&marker=n1&page_reverse=True",
             expected: ListQuery(limit: 2, marker: "n1", pageReverse: true)),
        Case(name: "limit zero and lower-case false", query: "limit=0&page_reverse=false",
             expected: ListQuery(limit: 0, pageReverse: false)),
        Case(name: "page_reverse in any case", query: "page_reverse=TRUE", expected: ListQuery(pageReverse: true)),
        Case(name: "empty marker means none", query: "marker=&limit=3", expected: ListQuery(limit: 3)),
        Case(name: "last limit wins", query: "limit=5&limit=1", expected: ListQuery(limit: 1)),
    ]

    @Test(arguments: accepted)
    func parse(_ testCase: Case) throws {
        #expect(try ListQuery.parse(queryTestItems(testCase.query), schema: queryTestSchema) == testCase.expected)
    }

    @Test func tagParametersAreFiltersWhenTagsAreUnsupported() throws {
        let schema = QuerySchema(filterable: ["tags"])
        let query = try ListQuery.parse(queryTestItems("tags=a,b"), schema: schema)
        #expect(query.filters == ["tags": ["a,b"]])
        #expect(query.tags.isEmpty)
    }

    @Test func effectiveSortAppendsIdUnlessPresent() {
        #expect(ListQuery(sort: [SortCriterion(key: "name")]).effectiveSort
            == [SortCriterion(key: "name"), SortCriterion(key: "id")])
        let byIdDescending = [SortCriterion(key: "id", ascending: false), SortCriterion(key: "name")]
        #expect(ListQuery(sort: byIdDescending).effectiveSort == byIdDescending)
    }

    struct Failure: Sendable, CustomTestStringConvertible {
        let name: String
        let query: String
        let code: String
        let type: String
        let message: String
        var testDescription: String { name }
    }

    static let refused: [Failure] = [
        Failure(name: "unknownFilter_Fails", query: "name=a&colour=red", code: "request.invalid_filter",
                type: "HTTPBadRequest", message: "['colour'] is invalid attribute for filtering"),
        Failure(name: "severalUnknownFilters_Fails", query: "b=1&name=x&a=2&b=3", code: "request.invalid_filter",
                type: "HTTPBadRequest", message: "['b', 'a'] is invalid attribute for filtering"),
        Failure(name: "unsortableAttributeAsFilter_Fails", query: "shared=true", code: "request.invalid_filter",
                type: "HTTPBadRequest", message: "['shared'] is invalid attribute for filtering"),
        Failure(name: "filterCheckedBeforeSorting_Fails", query: "sort_key=bogus&bogus=1", code: "request.invalid_filter",
                type: "HTTPBadRequest", message: "['bogus'] is invalid attribute for filtering"),
        Failure(name: "subFilterWithoutEquals_Fails", query: "fixed_ips=10.0.0.5", code: "request.invalid_input",
                type: "InvalidInput",
                message: "Invalid input for operation: '10.0.0.5' is not of the form <key>=[value]."),
        Failure(name: "subFilterWithoutKey_Fails", query: "fixed_ips==10.0.0.5", code: "request.invalid_input",
                type: "InvalidInput",
                message: "Invalid input for operation: '=10.0.0.5' is not of the form <key>=[value]."),
        Failure(name: "fewerSortDirsThanKeys_Fails", query: "sort_key=name&sort_key=id&sort_dir=asc",
                code: "request.sort_mismatch", type: "HTTPBadRequest",
                message: "The number of sort_keys and sort_dirs must be same"),
        Failure(name: "sortDirWithoutKey_Fails", query: "sort_dir=asc", code: "request.sort_mismatch",
                type: "HTTPBadRequest", message: "The number of sort_keys and sort_dirs must be same"),
        Failure(name: "sortKeyWithoutSortDir_Fails", query: "sort_key=name", code: "request.sort_mismatch",
                type: "HTTPBadRequest", message: "The number of sort_keys and sort_dirs must be same"),
        Failure(name: "sortKeysWithoutAnySortDir_Fails", query: "sort_key=name&sort_key=id", code: "request.sort_mismatch",
                type: "HTTPBadRequest", message: "The number of sort_keys and sort_dirs must be same"),
        Failure(name: "emptySortDirIsNoSortDir_Fails", query: "sort_key=name&sort_dir=", code: "request.sort_mismatch",
                type: "HTTPBadRequest", message: "The number of sort_keys and sort_dirs must be same"),
        Failure(name: "countCheckedBeforeUnsortableKey_Fails", query: "sort_key=bogus", code: "request.sort_mismatch",
                type: "HTTPBadRequest", message: "The number of sort_keys and sort_dirs must be same"),
        Failure(name: "unsortableKey_Fails", query: "sort_key=name&sort_dir=asc&sort_key=status&sort_dir=desc",
                code: "request.invalid_sort_key", type: "HTTPBadRequest",
                message: "['status'] is invalid attribute for sort_keys"),
        Failure(name: "severalUnsortableKeys_Fails",
                query: "sort_key=k1&sort_dir=asc&sort_key=name&sort_dir=asc&sort_key=k2&sort_dir=desc",
                code: "request.invalid_sort_key", type: "HTTPBadRequest",
                message: "['k1', 'k2'] is invalid attribute for sort_keys"),
        Failure(name: "unsortableKeyCheckedBeforeSortDir_Fails", query: "sort_key=bogus&sort_dir=up",
                code: "request.invalid_sort_key", type: "HTTPBadRequest",
                message: "['bogus'] is invalid attribute for sort_keys"),
        Failure(name: "badSortDir_Fails", query: "sort_key=name&sort_dir=up", code: "request.invalid_sort_dir",
                type: "HTTPBadRequest", message: "['up'] is invalid value for sort_dirs, valid value is 'asc' and 'desc'"),
        Failure(name: "severalBadSortDirs_Fails",
                query: "sort_key=name&sort_dir=up&sort_key=id&sort_dir=asc&sort_key=shared&sort_dir=down",
                code: "request.invalid_sort_dir", type: "HTTPBadRequest",
                message: "['up', 'down'] is invalid value for sort_dirs, valid value is 'asc' and 'desc'"),
        Failure(name: "upperCaseSortDir_Fails", query: "sort_key=name&sort_dir=DESC", code: "request.invalid_sort_dir",
                type: "HTTPBadRequest", message: "['DESC'] is invalid value for sort_dirs, valid value is 'asc' and 'desc'"),
        Failure(name: "sortCheckedBeforeLimit_Fails", query: "limit=abc&sort_key=name", code: "request.sort_mismatch",
                type: "HTTPBadRequest", message: "The number of sort_keys and sort_dirs must be same"),
        Failure(name: "negativeLimit_Fails", query: "limit=-1", code: "request.invalid_limit", type: "BadRequest",
                message: "Bad limit request: Limit must be an integer 0 or greater and not '-1'."),
        Failure(name: "textLimit_Fails", query: "limit=ten", code: "request.invalid_limit", type: "BadRequest",
                message: "Bad limit request: Limit must be an integer 0 or greater and not 'ten'."),
        Failure(name: "fractionalLimit_Fails", query: "limit=1.5", code: "request.invalid_limit", type: "BadRequest",
                message: "Bad limit request: Limit must be an integer 0 or greater and not '1.5'."),
        Failure(name: "emptyLimit_Fails", query: "limit=", code: "request.invalid_limit", type: "BadRequest",
                message: "Bad limit request: Limit must be an integer 0 or greater and not ''."),
        Failure(name: "limitCheckedBeforePageReverse_Fails", query: "page_reverse=maybe&limit=abc",
                code: "request.invalid_limit", type: "BadRequest",
                message: "Bad limit request: Limit must be an integer 0 or greater and not 'abc'."),
        Failure(name: "badPageReverse_Fails", query: "page_reverse=yes", code: "request.invalid_input",
                type: "InvalidInput", message: "Invalid input for operation: 'yes' cannot be converted to boolean."),
        Failure(name: "maybePageReverse_Fails", query: "limit=1&page_reverse=maybe", code: "request.invalid_input",
                type: "InvalidInput", message: "Invalid input for operation: 'maybe' cannot be converted to boolean."),
    ]

    @Test(arguments: refused)
    func parse_Fails(_ failure: Failure) {
        let error = #expect(throws: PatchbayError.self) {
            try ListQuery.parse(queryTestItems(failure.query), schema: queryTestSchema)
        }
        #expect(error?.code == failure.code)
        #expect(error?.type == failure.type)
        #expect(error?.category == .badRequest)
        #expect(error?.message == failure.message)
    }

    @Test func tagParameterWithoutTagSupport_Fails() {
        let error = #expect(throws: PatchbayError.self) {
            try ListQuery.parse(queryTestItems("not-tags-any=a"), schema: QuerySchema(filterable: ["name"]))
        }
        #expect(error == PatchbayError.invalidFilter(["not-tags-any"]))
    }
}
