import Testing
@testable import PatchbayCore

/// Glance's list query: parsing sort and filter parameters, and the page a query selects.
@Suite("Image list query")
struct ImageListQueryTests {
    /// Images n0…n5 created a second apart; even ones raw, odd ones qcow2.
    static let images: [Image] = (0..<6).map(image)

    static func image(_ index: Int) -> Image {
        let owner = index < 3 ? "p1" : "p2"
        let format = index % 2 == 0 ? "raw" : "qcow2"
        let properties: [String: String] = index == 4 ? ["hw_vif_model": "e1000"] : [:]
        return Image(id: "id-\(index)", name: "n\(index)", owner: owner, diskFormat: format, containerFormat: "bare",
                     properties: properties, createdAt: Int64(100 + index))
    }

    static func names(_ query: String) throws -> [String] {
        try ImageListQuery.parse(queryTestItems(query)).page(of: images).images.compactMap(\.name)
    }

    @Test("sorting: default newest first; keys and directions as given, Glance's tiebreaks in the one direction given", arguments: [
        ("", ["n5", "n4", "n3", "n2", "n1", "n0"]),
        ("sort_key=name&sort_dir=asc", ["n0", "n1", "n2", "n3", "n4", "n5"]),
        ("sort_key=disk_format", ["n4", "n2", "n0", "n5", "n3", "n1"]),
        ("sort_key=disk_format&sort_dir=asc", ["n1", "n3", "n5", "n0", "n2", "n4"]),
        ("sort=disk_format:asc,name:desc", ["n5", "n3", "n1", "n4", "n2", "n0"]),
        ("sort_key=disk_format&sort_key=name&sort_dir=asc&sort_dir=desc", ["n5", "n3", "n1", "n4", "n2", "n0"]),
        ("sort=owner_unset_is_fine:asc", []),
    ])
    func sorting(query: String, expected: [String]) throws {
        if expected.isEmpty {
            #expect(throws: PatchbayError.self) { try Self.names(query) }
        } else {
            #expect(try Self.names(query) == expected)
        }
    }

    @Test("paging: limit, next marker only on a full page, the page after the marker")
    func paging() throws {
        let first = try ImageListQuery.parse(queryTestItems("limit=4&sort_key=name&sort_dir=asc")).page(of: Self.images)
        #expect(first.images.compactMap(\.name) == ["n0", "n1", "n2", "n3"])
        #expect(first.nextMarker == "id-3")
        let second = try ImageListQuery.parse(queryTestItems("limit=4&sort_key=name&sort_dir=asc&marker=id-3")).page(of: Self.images)
        #expect(second.images.compactMap(\.name) == ["n4", "n5"])
        #expect(second.nextMarker == nil)
        #expect(try ImageListQuery.parse(queryTestItems("limit=5000")).limit == ImageListQuery.maximumLimit)
        #expect(try ImageListQuery.parse([]).limit == 25)
    }

    @Test("filters combine; unknown parameters filter extra properties", arguments: [
        ("owner=p1&disk_format=raw", ["n2", "n0"]), ("hw_vif_model=e1000", ["n4"]), ("name=n3", ["n3"]),
        ("status=active", []), ("os_hidden=true", []), ("os_hidden=True", []), ("os_hidden=FALSE", ["n5", "n4", "n3", "n2", "n1", "n0"]), ("member_status=all", ["n5", "n4", "n3", "n2", "n1", "n0"]),
    ])
    func filters(query: String, expected: [String]) throws {
        #expect(try Self.names(query) == expected)
    }

    @Test("refused parameters", arguments: [
        "limit=ten", "limit=-3", "sort_key=size&sort_key=name&sort_dir=asc&sort_dir=desc&sort_dir=asc", "sort=name:sideways",
        "sort=name&sort_dir=asc", "marker=nope", "changes-since=2020-01-01", "visibility=hidden", "size_min=big", "protected=True",
    ])
    func refused_Fails(query: String) {
        #expect(throws: PatchbayError.self) { try Self.names(query) }
    }
}
