import Testing
@testable import PatchbayCore

/// Five network-like resources in scrambled order, covering every JSON type the filters convert.
let queryTestNetworks: [[String: JSONValue]] = [
    ["id": "n3", "name": "gamma", "admin_state_up": true, "provider:segmentation_id": nil,
     "description": "core", "tags": [], "shared": false, "availability_zones": []],
    ["id": "n5", "name": "Zeta", "admin_state_up": false, "provider:segmentation_id": 200,
     "description": "edge", "status": "ACTIVE", "shared": false],
    ["id": "n1", "name": "alpha", "admin_state_up": true, "provider:segmentation_id": 100,
     "description": nil, "status": "ACTIVE", "tags": ["red", "blue"], "shared": false,
     "availability_zones": ["nova"], "mtu_ratio": 1.5],
    ["id": "n4", "name": "beta", "admin_state_up": true, "provider:segmentation_id": 10,
     "description": nil, "status": "ACTIVE", "tags": ["blue", "green"], "shared": true],
    ["id": "n2", "name": "beta", "admin_state_up": false, "provider:segmentation_id": 9,
     "description": "", "status": "DOWN", "tags": ["red"], "shared": true,
     "availability_zones": ["nova", "az2"]],
]

/// Parses `query` against `schema` and applies it to `resources`, returning the ids in page order.
func queryTestIDs(_ query: String, schema: QuerySchema = queryTestSchema,
               resources: [[String: JSONValue]] = queryTestNetworks) throws -> [String] {
    let page = try ListQuery.parse(queryTestItems(query), schema: schema).apply(to: resources, linkBase: nil)
    return page.items.map { $0["id"]?.stringValue ?? "?" }
}

@Suite("ListQuery filtering")
struct ListQueryFilterTests {
    static let filterCases: [(query: String, ids: [String])] = [
        ("", ["n1", "n2", "n3", "n4", "n5"]),
        ("name=beta", ["n2", "n4"]),
        ("name=alpha&name=gamma", ["n1", "n3"]),
        ("name=beta&admin_state_up=true", ["n4"]),
        ("name=beta&name=alpha&admin_state_up=false", ["n2"]),
        ("name=Alpha", []),
        ("admin_state_up=True", ["n1", "n3", "n4"]),
        ("admin_state_up=1", ["n1", "n3", "n4"]),
        ("admin_state_up=FALSE", ["n2", "n5"]),
        ("admin_state_up=0", ["n2", "n5"]),
        ("admin_state_up=true&admin_state_up=false", ["n1", "n2", "n3", "n4", "n5"]),
        ("provider:segmentation_id=10", ["n4"]),
        ("provider:segmentation_id=9&provider:segmentation_id=200", ["n2", "n5"]),
        ("description=", ["n1", "n2", "n4"]),
        ("description=None", ["n1", "n4"]),
        ("description=core", ["n3"]),
        ("status=ACTIVE", ["n1", "n4", "n5"]),
        ("availability_zones=az2", ["n2"]),
        ("availability_zones=nova", ["n1", "n2"]),
        ("mtu_ratio=1.5", ["n1"]),
        ("id=n3&id=n9", ["n3"]),
        ("tags=red", ["n1", "n2"]),
        ("tags=red,blue", ["n1"]),
        ("tags=red&tags=blue", ["n1"]),
        ("tags-any=green,red", ["n1", "n2", "n4"]),
        ("not-tags=red,blue", ["n2", "n3", "n4", "n5"]),
        ("not-tags-any=red,green", ["n3", "n5"]),
        ("tags-any=blue&name=beta", ["n4"]),
    ]

    @Test(arguments: filterCases)
    func filter(query: String, ids: [String]) throws {
        #expect(try queryTestIDs(query) == ids)
    }

    static let badValues: [(query: String, message: String)] = [
        ("admin_state_up=yes", "'yes' cannot be converted to boolean"),
        ("admin_state_up=true&admin_state_up=maybe", "'maybe' cannot be converted to boolean"),
        ("name=nomatch&provider:segmentation_id=x", "'x' is not an integer"),
        ("tags=absent&provider:segmentation_id=x", "'x' is not an integer"),
        ("provider:segmentation_id=None", "'None' is not an integer"),
        ("mtu_ratio=abc", "'abc' is not a number"),
    ]

    @Test(arguments: badValues)
    func unconvertibleValue_Fails(query: String, message: String) {
        let error = #expect(throws: PatchbayError.self) { try queryTestIDs(query) }
        #expect(error == PatchbayError.invalidInput(message))
        #expect(error?.category == .badRequest)
    }

    @Test func listElementsConvertPerElementType() throws {
        let schema = QuerySchema(filterable: ["vlans"])
        let resources: [[String: JSONValue]] = [["id": "a", "vlans": [5, 7]], ["id": "b", "vlans": ["7", "x"]]]
        #expect(try queryTestIDs("vlans=7", schema: schema, resources: resources) == ["a", "b"])
        #expect(try queryTestIDs("vlans=5&vlans=+5", schema: schema, resources: resources) == ["a"])
        let error = #expect(throws: PatchbayError.self) {
            try queryTestIDs("vlans=7&vlans=7.5", schema: schema, resources: resources)
        }
        #expect(error == PatchbayError.invalidInput("'7.5' is not an integer"))
    }

    @Test func valuesAreOnlyConvertedAgainstResourcesPresent() throws {
        #expect(try queryTestIDs("admin_state_up=yes", resources: []) == [])
    }

    static let ports: [[String: JSONValue]] = [
        ["id": "p1", "fixed_ips": [["subnet_id": "S1", "ip_address": "10.0.0.5"]]],
        ["id": "p2", "fixed_ips": [["subnet_id": "S1", "ip_address": "10.0.0.6"],
                                   ["subnet_id": "S2", "ip_address": "10.0.1.6"]]],
        ["id": "p3", "fixed_ips": [["subnet_id": "S2", "ip_address": "10.0.1.7"]]],
        ["id": "p4", "fixed_ips": []],
        ["id": "p5", "name": "no fixed_ips at all"],
    ]

    static let subFilterCases: [(query: String, ids: [String])] = [
        ("fixed_ips=ip_address=10.0.0.5", ["p1"]),
        ("fixed_ips=subnet_id=S2", ["p2", "p3"]),
        ("fixed_ips=ip_address=10.0.0.5&fixed_ips=ip_address=10.0.1.7", ["p1", "p3"]),
        ("fixed_ips=subnet_id=S1&fixed_ips=ip_address=10.0.1.6", []),
        ("fixed_ips=subnet_id=S2&fixed_ips=ip_address=10.0.1.6", ["p2"]),
        ("fixed_ips=ip_address_substr=10.0.1.", ["p2", "p3"]),
        ("fixed_ips=ip_address=10.0.0.", []),
        ("fixed_ips=mac_address=fa:16:3e:00:00:01", []),
        ("fixed_ips=subnet_id=S1&name=x", []),
    ]

    @Test(arguments: subFilterCases)
    func subFilter(query: String, ids: [String]) throws {
        let schema = QuerySchema(filterable: ["name"], subFilterable: ["fixed_ips"])
        #expect(try queryTestIDs(query, schema: schema, resources: Self.ports) == ids)
    }
}
