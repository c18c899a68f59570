import PatchbayCore
import PatchbayTesting
import Testing

/// Tags over HTTP (standard-attr-tag): the `/tags` sub-resources on networks, subnets and ports,
/// tags in POST bodies, the four tag filters, and tag validation.
@Suite struct TagAPITests {
    typealias P = PortAPI

    /// Creates a network with a subnet and a port; returns the path of the `collection` resource.
    static func resourcePath(_ client: APIClient, _ collection: String) async throws -> String {
        let (network, subnet) = try await P.networkWithSubnet(client)
        let port = try #require(try await P.port(client, network: network)["id"]?.stringValue)
        let id = ["networks": network, "subnets": subnet, "ports": port][collection]!
        return "\(P.v2)/\(collection)/\(id)"
    }

    static func tags(_ client: APIClient, _ path: String) async throws -> [String] {
        let reply = try await client.get("\(path)/tags")
        #expect(reply.status == 200)
        return P.strings(reply.json["tags"])
    }

    @Test(arguments: ["networks", "subnets", "ports"])
    func tagsSubresource_FullLifecycle(collection: String) async throws {
        try await P.withServer { _, client in
            let path = try await Self.resourcePath(client, collection)
            #expect(try await Self.tags(client, path) == [])
            let replaced = try await client.put("\(path)/tags", ["tags": ["red", "blue", "red"]])
            #expect(replaced.status == 200)
            #expect(replaced.json == ["tags": ["red", "blue"]])
            #expect(try await Self.tags(client, path) == ["red", "blue"])
            #expect(try await client.get("\(path)/tags/red").status == 204)
            let missing = try await client.get("\(path)/tags/green")
            #expect(missing.status == 404)
            #expect(missing.errorType == "TagNotFound")
            #expect(try await client.put("\(path)/tags/green").status == 201)
            #expect(try await client.put("\(path)/tags/green").status == 201)
            #expect(try await Self.tags(client, path) == ["red", "blue", "green"])
            #expect(try await client.delete("\(path)/tags/red").status == 204)
            let again = try await client.delete("\(path)/tags/red")
            #expect(again.status == 404)
            #expect(again.errorType == "TagNotFound")
            // The resource itself shows the tags, and each change bumped its revision.
            let member = collection.dropLast().description
            let shown = try await client.get(path)
            #expect(P.strings(shown.json[member]?["tags"]) == ["blue", "green"])
            #expect((shown.json[member]?["revision_number"]?.intValue ?? 0) >= 4)
            let cleared = try await client.delete("\(path)/tags")
            #expect(cleared.status == 204)
            #expect(try await Self.tags(client, path) == [])
        }
    }

    @Test(arguments: ["networks", "subnets", "ports"])
    func tags_UnknownResource_Fails(collection: String) async throws {
        try await P.withServer { _, client in
            let kind = ["networks": "Network", "subnets": "Subnet", "ports": "Port"][collection]!
            for reply in [try await client.get("\(P.v2)/\(collection)/nope/tags"),
                          try await client.put("\(P.v2)/\(collection)/nope/tags", ["tags": ["a"]]),
                          try await client.put("\(P.v2)/\(collection)/nope/tags/a"),
                          try await client.delete("\(P.v2)/\(collection)/nope/tags")] {
                #expect(reply.status == 404)
                #expect(reply.errorType == "\(kind)NotFound")
            }
        }
    }

    @Test func tagsInPostBodies() async throws {
        try await P.withServer { _, client in
            let network = try await P.network(client, ["tags": ["n1", "n2"]])
            #expect(P.strings(network["tags"]) == ["n1", "n2"])
            let networkId = try #require(network["id"]?.stringValue)
            #expect(P.strings(try await P.subnet(client, network: networkId, ["tags": ["s1"]])["tags"]) == ["s1"])
            #expect(P.strings(try await P.port(client, network: networkId, ["tags": ["p1", "p2"]])["tags"]) == ["p1", "p2"])
        }
    }

    @Test func tagFilters_OnPortList() async throws {
        try await P.withServer { _, client in
            let (network, _) = try await P.networkWithSubnet(client)
            var ids: [String: String] = [:]
            for (name, tags) in [("ab", ["a", "b"]), ("a", ["a"]), ("bc", ["b", "c"]), ("none", [])] {
                ids[name] = try #require(try await P.port(client, network: network, ["name": .string(name), "tags": .array(tags.map(JSONValue.string))])["id"]?.stringValue)
            }
            func names(_ query: String) async throws -> Set<String> {
                let reply = try await client.get("\(P.v2)/ports?\(query)")
                #expect(reply.status == 200, "\(query): \(reply.json)")
                return Set(reply.json["ports"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? [])
            }
            #expect(try await names("tags=a,b") == ["ab"])
            #expect(try await names("tags=a&tags=b") == ["ab"])
            #expect(try await names("tags=a") == ["ab", "a"])
            #expect(try await names("tags-any=a,c") == ["ab", "a", "bc"])
            #expect(try await names("not-tags=a,b") == ["a", "bc", "none"])
            #expect(try await names("not-tags-any=a") == ["bc", "none"])
            #expect(try await names("tags=b&not-tags-any=c") == ["ab"])
            #expect(try await names("tags=zzz") == [])
            // Tag filters work on networks and subnets too.
            _ = try await client.put("\(P.v2)/networks/\(network)/tags", ["tags": ["net"]])
            #expect(P.ids(try await client.get("\(P.v2)/networks?tags=net"), "networks") == [network])
            #expect(P.ids(try await client.get("\(P.v2)/subnets?tags=net"), "subnets") == [])
        }
    }

    static let invalidTags: [String] = ["a,b", String(repeating: "x", count: 256), "", "a/b"]

    @Test(arguments: invalidTags)
    func invalidTag_Fails(tag: String) async throws {
        try await P.withServer { _, client in
            let path = try await Self.resourcePath(client, "ports")
            _ = try await client.put("\(path)/tags", ["tags": ["keep"]])
            let replaced = try await client.put("\(path)/tags", ["tags": ["ok", .string(tag)]])
            #expect(replaced.status == 400)
            #expect(replaced.errorType == "HTTPBadRequest")
            #expect(replaced.errorMessage?.contains("is not a valid tag") == true)
            let network = try #require(try await P.network(client)["id"]?.stringValue)
            let posted = try await P.postPort(client, network: network, ["tags": [.string(tag)]])
            #expect(posted.status == 400)
            #expect(posted.errorMessage?.contains("is not a valid tag") == true)
            if !tag.isEmpty && !tag.contains("/") {
                let single = try await client.put("\(path)/tags/\(tag.replacingOccurrences(of: ",", with: "%2C"))")
                #expect(single.status == 400)
                #expect(single.errorType == "HTTPBadRequest")
            }
            #expect(try await Self.tags(client, path) == ["keep"])
        }
    }

    @Test func tagLimits() async throws {
        try await P.withServer { _, client in
            let path = try await Self.resourcePath(client, "networks")
            let longest = String(repeating: "y", count: 255)
            #expect(try await client.put("\(path)/tags", ["tags": [.string(longest)]]).status == 200)
            let fifty = (1...50).map { JSONValue.string("t\($0)") }
            #expect(try await client.put("\(path)/tags", ["tags": .array(fifty)]).status == 200)
            let tooMany = try await client.put("\(path)/tags", ["tags": .array(fifty + ["t51"])])
            #expect(tooMany.status == 400)
            #expect(tooMany.errorMessage?.contains("Number of tags exceeds the limit 50") == true)
            let notAList = try await client.put("\(path)/tags", ["tags": "a"])
            #expect(notAList.status == 400)
            #expect(notAList.errorMessage?.contains("tags must be a list") == true)
            let notStrings = try await client.put("\(path)/tags", ["tags": [1]])
            #expect(notStrings.status == 400)
            #expect(try await Self.tags(client, path).count == 50)
        }
    }

    @Test func singleTagPath_IsPercentDecoded() async throws {
        try await P.withServer { _, client in
            let path = try await Self.resourcePath(client, "subnets")
            #expect(try await client.put("\(path)/tags/rack%204+a").status == 201)
            #expect(try await Self.tags(client, path) == ["rack 4+a"])
            #expect(try await client.get("\(path)/tags/rack%204+a").status == 204)
            #expect(try await client.delete("\(path)/tags/rack%204+a").status == 204)
            #expect(try await Self.tags(client, path) == [])
        }
    }

    @Test func otherProjectsTags_AreNotFound() async throws {
        try await P.withServer { _, client in
            let path = try await Self.resourcePath(client, "ports")
            let stranger = client.acting(project: "demo", roles: "member")
            let reply = try await stranger.put("\(path)/tags/x")
            #expect(reply.status == 404)
            #expect(reply.errorType == "PortNotFound")
            #expect(try await Self.tags(client, path) == [])
        }
    }
}
