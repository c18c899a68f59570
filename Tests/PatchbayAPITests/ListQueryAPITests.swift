import PatchbayCore
import PatchbayTesting
import Testing

/// List queries over HTTP on ports: `fields`, filters, sorting and limit/marker pagination with
/// followable `ports_links`.
@Suite struct ListQueryAPITests {
    typealias P = PortAPI

    /// Five ports named p0…p4 on one network (addresses .2….6; p1 and p3 admin-down); returns the
    /// network id, the subnet id and the port ids by name.
    static func seed(_ client: APIClient) async throws -> (network: String, subnet: String, ids: [String: String]) {
        let (network, subnet) = try await P.networkWithSubnet(client)
        var ids: [String: String] = [:]
        for index in [3, 0, 4, 1, 2] {
            let port = try await P.port(client, network: network, [
                "name": .string("p\(index)"), "admin_state_up": .bool(index % 2 == 0),
                "fixed_ips": [["ip_address": .string("10.0.0.\(index + 2)")]],
            ])
            ids["p\(index)"] = try #require(port["id"]?.stringValue)
        }
        return (network, subnet, ids)
    }

    static func names(_ reply: APIClient.Reply) -> [String] {
        reply.json["ports"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
    }

    @Test func fields_SelectExactlyThoseKeys() async throws {
        try await P.withServer { _, client in
            let (_, _, ids) = try await Self.seed(client)
            let one = try await client.get("\(P.v2)/ports?fields=id")
            #expect(one.status == 200)
            #expect(one.json["ports"]?.arrayValue?.allSatisfy { $0.objectValue.map { Array($0.keys) } == ["id"] } == true)
            #expect(Set(P.ids(one)) == Set(ids.values))
            for query in ["fields=id&fields=name", "fields=id,name", "fields=name&fields=id&fields=name"] {
                let reply = try await client.get("\(P.v2)/ports?\(query)")
                #expect(reply.json["ports"]?.arrayValue?.allSatisfy { Set($0.objectValue.map { Array($0.keys) } ?? []) == ["id", "name"] } == true, "\(query)")
                #expect(reply.json["ports"]?.arrayValue?.contains { $0["project_id"] != nil } == false)
            }
            let shown = try await client.get("\(P.v2)/ports/\(ids["p0"]!)?fields=name&fields=status")
            #expect(shown.json == ["port": ["name": "p0", "status": "DOWN"]])
            // fields cannot reveal what policy strips.
            let member = try await client.acting(project: "admin", roles: "member").get("\(P.v2)/ports?fields=id&fields=binding:host_id")
            #expect(member.json["ports"]?.arrayValue?.allSatisfy { $0["binding:host_id"] == nil && $0["id"] != nil } == true)
        }
    }

    @Test func filters_RepeatedKeysOr_DifferentKeysAnd() async throws {
        try await P.withServer { _, client in
            let (network, subnet, ids) = try await Self.seed(client)
            func names(_ query: String) async throws -> Set<String> {
                let reply = try await client.get("\(P.v2)/ports?\(query)")
                #expect(reply.status == 200, "\(query): \(reply.json)")
                return Set(Self.names(reply))
            }
            #expect(try await names("name=p1") == ["p1"])
            #expect(try await names("name=p1&name=p2") == ["p1", "p2"])
            #expect(try await names("name=p1&name=p2&admin_state_up=False") == ["p1"])
            #expect(try await names("admin_state_up=False") == ["p1", "p3"])
            #expect(try await names("admin_state_up=true") == ["p0", "p2", "p4"])
            #expect(try await names("fixed_ips=ip_address=10.0.0.5") == ["p3"])
            #expect(try await names("fixed_ips=ip_address%3D10.0.0.5") == ["p3"])
            #expect(try await names("fixed_ips=ip_address=10.0.0.5&fixed_ips=ip_address=10.0.0.2") == ["p0", "p3"])
            #expect(try await names("fixed_ips=subnet_id=\(subnet)").count == 5)
            #expect(try await names("fixed_ips=ip_address=10.0.0.99") == [])
            #expect(try await names("network_id=\(network)&id=\(ids["p4"]!)") == ["p4"])
            #expect(try await names("name=nobody") == [])
        }
    }

    @Test(arguments: [
        ("foo=bar", "['foo'] is invalid attribute for filtering"),
        ("binding:vnic_type=direct", "['binding:vnic_type'] is invalid attribute for filtering"),
        ("name=x&bogus=1&other=2", "['bogus', 'other'] is invalid attribute for filtering"),
    ])
    func unknownFilter_Fails(query: String, message: String) async throws {
        try await P.withServer { _, client in
            let reply = try await client.get("\(P.v2)/ports?\(query)")
            #expect(reply.status == 400)
            #expect(reply.errorType == "HTTPBadRequest")
            #expect(reply.errorMessage == message)
        }
    }

    @Test func badBooleanFilter_Fails() async throws {
        try await P.withServer { _, client in
            _ = try await Self.seed(client)
            let reply = try await client.get("\(P.v2)/ports?admin_state_up=maybe")
            #expect(reply.status == 400)
            #expect(reply.errorType == "InvalidInput")
            #expect(reply.errorMessage?.contains("'maybe' cannot be converted to boolean") == true)
        }
    }

    @Test func sorting_AscendingDescendingAndMultiKey() async throws {
        try await P.withServer { _, client in
            _ = try await Self.seed(client)
            #expect(Self.names(try await client.get("\(P.v2)/ports?sort_key=name&sort_dir=asc")) == ["p0", "p1", "p2", "p3", "p4"])
            #expect(Self.names(try await client.get("\(P.v2)/ports?sort_key=name&sort_dir=desc")) == ["p4", "p3", "p2", "p1", "p0"])
            let multi = try await client.get("\(P.v2)/ports?sort_key=admin_state_up&sort_dir=desc&sort_key=name&sort_dir=desc")
            #expect(Self.names(multi) == ["p4", "p2", "p0", "p3", "p1"])
        }
    }

    @Test(arguments: [
        ("sort_key=name", 400, "HTTPBadRequest", "The number of sort_keys and sort_dirs must be same"),
        ("sort_key=name&sort_key=id&sort_dir=asc", 400, "HTTPBadRequest", "The number of sort_keys and sort_dirs must be same"),
        ("sort_key=name&sort_dir=asc&sort_dir=desc", 400, "HTTPBadRequest", "The number of sort_keys and sort_dirs must be same"),
        ("sort_key=binding:host_id&sort_dir=asc", 400, "HTTPBadRequest", "['binding:host_id'] is invalid attribute for sort_keys"),
        ("sort_key=name&sort_dir=up", 400, "HTTPBadRequest", "['up'] is invalid value for sort_dirs, valid value is 'asc' and 'desc'"),
        ("limit=-1", 400, "BadRequest", "Bad limit request: Limit must be an integer 0 or greater and not '-1'."),
        ("limit=abc", 400, "BadRequest", "Bad limit request: Limit must be an integer 0 or greater and not 'abc'."),
        ("limit=2&marker=no-such-port", 404, "PortNotFound", "Port no-such-port could not be found."),
    ])
    func badSortOrPagination_Fails(query: String, status: Int, type: String, message: String) async throws {
        try await P.withServer { _, client in
            _ = try await Self.seed(client)
            let reply = try await client.get("\(P.v2)/ports?\(query)")
            #expect(reply.status == status)
            #expect(reply.errorType == type)
            #expect(reply.errorMessage == message)
        }
    }

    /// The `rel` link of a list reply, as a path the client can request.
    static func link(_ reply: APIClient.Reply, _ rel: String, base: String,
                     sourceLocation: SourceLocation = #_sourceLocation) throws -> String? {
        guard let href = reply.json["ports_links"]?.arrayValue?.first(where: { $0["rel"]?.stringValue == rel })?["href"]?.stringValue
        else { return nil }
        #expect(href.hasPrefix("\(base)/network/v2.0/ports?"), "not absolute: \(href)", sourceLocation: sourceLocation)
        return String(href.dropFirst(base.count))
    }

    @Test func pagination_FollowsNextAndPreviousLinks() async throws {
        try await P.withServer { server, client in
            let (_, _, ids) = try await Self.seed(client)
            let base = server.baseURL
            let first = try await client.get("\(P.v2)/ports?sort_key=name&sort_dir=asc&limit=2")
            #expect(Self.names(first) == ["p0", "p1"])
            let nextPath = try #require(try Self.link(first, "next", base: base))
            #expect(nextPath.contains("sort_key=name") && nextPath.contains("limit=2") && nextPath.contains("marker=\(ids["p1"]!)"))
            // Neutron links back even from the first page; that page is empty and links no further back.
            let beforeFirst = try await client.get(try #require(try Self.link(first, "previous", base: base)))
            #expect(beforeFirst.status == 200)
            #expect(Self.names(beforeFirst) == [])
            #expect(try Self.link(beforeFirst, "previous", base: base) == nil)
            let second = try await client.get(nextPath)
            #expect(second.status == 200)
            #expect(Self.names(second) == ["p2", "p3"])
            let third = try await client.get(try #require(try Self.link(second, "next", base: base)))
            #expect(Self.names(third) == ["p4"])
            #expect(try Self.link(third, "next", base: base) == nil)
            let back = try await client.get(try #require(try Self.link(third, "previous", base: base)))
            #expect(Self.names(back) == ["p2", "p3"])
            let start = try await client.get(try #require(try Self.link(second, "previous", base: base)))
            #expect(Self.names(start) == ["p0", "p1"])
        }
    }

    @Test func pagination_PageReverseAndLimitZero() async throws {
        try await P.withServer { server, client in
            let (_, _, ids) = try await Self.seed(client)
            let last = try await client.get("\(P.v2)/ports?sort_key=name&sort_dir=asc&limit=2&page_reverse=True")
            #expect(Self.names(last) == ["p3", "p4"])
            #expect(try Self.link(last, "previous", base: server.baseURL) != nil)
            let before = try await client.get("\(P.v2)/ports?sort_key=name&sort_dir=asc&limit=2&marker=\(ids["p2"]!)&page_reverse=true")
            #expect(Self.names(before) == ["p0", "p1"])
            let all = try await client.get("\(P.v2)/ports?sort_key=name&sort_dir=asc&limit=0")
            #expect(Self.names(all) == ["p0", "p1", "p2", "p3", "p4"])
            #expect(all.json["ports_links"] == nil)
            let unpaged = try await client.get("\(P.v2)/ports?sort_key=name&sort_dir=asc")
            #expect(unpaged.json["ports_links"] == nil)
            // Filters carry over into the links.
            let filtered = try await client.get("\(P.v2)/ports?admin_state_up=True&sort_key=name&sort_dir=desc&limit=1")
            #expect(Self.names(filtered) == ["p4"])
            let next = try await client.get(try #require(try Self.link(filtered, "next", base: server.baseURL)))
            #expect(Self.names(next) == ["p2"])
        }
    }
}
