import PatchbayCore
import PatchbayTesting
import Testing

/// Version documents, the health check, routing faults and `/v2.0/extensions`, over real HTTP.
@Suite struct VersionAndExtensionAPITests {
    typealias S = NetworkAPISupport

    /// Every alias the server must advertise, no more and no fewer.
    static let implementedAliases: Set<String> = [
        "agent", "allowed-address-pairs", "binding", "binding-failure-reason", "capabilities", "external-net", "filter-validation",
        "ip-substring-filtering", "net-mtu", "net-mtu-writable", "pagination", "patchbay-port-profile",
        "port-mac-address-regenerate", "port-security", "port-trusted-vif", "project-id", "provider", "revision-if-match",
        "sorting", "standard-attr-description", "standard-attr-revisions", "standard-attr-tag", "standard-attr-timestamp",
        "taas", "taas-vlan-filter", "tag-ports-during-bulk-creation", "uplink-status-propagation",
    ]

    @Test("GET /network/ lists v2.0 as CURRENT with a self link to /network/v2.0/")
    func versionsDocument() async throws {
        try await withNetworkAPIServer { server, client in
            for path in ["/network/", "/network"] {
                let reply = try await client.get(path)
                #expect(reply.status == 200)
                let versions = try #require(reply.json["versions"]?.arrayValue)
                #expect(versions.count == 1)
                #expect(versions.first?["id"] == "v2.0")
                #expect(versions.first?["status"] == "CURRENT")
                let link = try #require(versions.first?["links"]?.arrayValue?.first)
                #expect(link["rel"] == "self")
                let host = String(server.baseURL.dropFirst("http://".count))
                #expect(link["href"]?.stringValue == "http://\(host)/network/v2.0/")
            }
        }
    }

    @Test("GET /network/v2.0/ lists network, subnet, subnetpool and port with collection links")
    func resourcesDocument() async throws {
        try await withNetworkAPIServer { _, client in
            let reply = try await client.get("\(S.v2)/")
            #expect(reply.status == 200)
            let resources = try #require(reply.json["resources"]?.arrayValue)
            var collections: [String: String] = [:]
            for resource in resources {
                let name = try #require(resource["name"]?.stringValue)
                collections[name] = resource["collection"]?.stringValue
                let href = try #require(resource["links"]?.arrayValue?.first?["href"]?.stringValue)
                #expect(href.hasSuffix("/network/v2.0/\(collections[name] ?? "?")"))
            }
            #expect(collections == ["network": "networks", "subnet": "subnets", "subnetpool": "subnetpools", "port": "ports"])
        }
    }

    @Test("GET /healthz answers 200 ok and every reply carries a request id")
    func health() async throws {
        try await withNetworkAPIServer { _, client in
            let reply = try await client.get("/healthz")
            #expect(reply.status == 200)
            #expect(reply.json["status"] == "ok")
            #expect(reply.headers["x-openstack-request-id"]?.hasPrefix("req-") == true)
        }
    }

    @Test("Unknown paths, and other verbs on /extensions, answer 404 HTTPNotFound", arguments: [
        ("GET", "/network/v2.0"), ("GET", "/network/v2.0/routers"), ("GET", "/network/v2.0/networks/x/y"),
        ("GET", "/network/v3.0/"), ("GET", "/nothing"), ("POST", "/network/v2.0/extensions"),
        ("DELETE", "/network/v2.0/extensions/binding"),
    ])
    func unknownPath_Fails(method: String, path: String) async throws {
        try await withNetworkAPIServer { _, client in
            let reply = try await client.send(method, path)
            S.expectError(reply, 404, "HTTPNotFound", "The resource could not be found.")
        }
    }

    @Test("Known paths with an unsupported verb answer 405 HTTPMethodNotAllowed", arguments: [
        ("POST", "/network/"), ("PUT", "/network/v2.0/"), ("DELETE", "/network/v2.0/networks"),
        ("POST", "/network/v2.0/networks/abc"), ("PATCH", "/network/v2.0/subnets/abc"),
    ])
    func wrongMethod_Fails(method: String, path: String) async throws {
        try await withNetworkAPIServer { _, client in
            let reply = try await client.send(method, path, [:])
            S.expectError(reply, 405, "HTTPMethodNotAllowed", "")
        }
    }

    @Test("GET /v2.0/extensions lists exactly the implemented aliases, each fully described")
    func extensionList() async throws {
        try await withNetworkAPIServer { _, client in
            let reply = try await client.get("\(S.v2)/extensions")
            #expect(reply.status == 200)
            let extensions = try #require(reply.json["extensions"]?.arrayValue)
            let aliases = extensions.compactMap { $0["alias"]?.stringValue }
            #expect(aliases.count == extensions.count)
            #expect(Set(aliases).count == aliases.count, "duplicate aliases")
            #expect(Set(aliases) == Self.implementedAliases)
            let names = Dictionary(extensions.compactMap { item in item["alias"]?.stringValue.map { ($0, item["name"]) } },
                                   uniquingKeysWith: { first, _ in first })
            #expect(names["taas"] == "Neutron Tap as a Service")
            #expect(names["taas-vlan-filter"] == "VLAN filtering for Neutron Tap as a Service")
            for item in extensions {
                #expect(item["name"]?.stringValue?.isEmpty == false)
                #expect(item["description"]?.stringValue?.isEmpty == false)
                #expect(item["updated"]?.stringValue != nil)
                #expect(item["links"] == [])
            }
            // Extensions Patchbay does not implement must not be advertised.
            for absent in ["quotas", "security-group", "multi-provider", "binding-extended", "router"] {
                #expect(!aliases.contains(absent), "\(absent) is advertised")
            }
        }
    }

    @Test("GET /v2.0/extensions/{alias} shows the extension", arguments: [
        "binding", "provider", "agent", "pagination", "sorting", "standard-attr-tag", "net-mtu-writable", "external-net",
    ])
    func showExtension(alias: String) async throws {
        try await withNetworkAPIServer { _, client in
            let reply = try await client.get("\(S.v2)/extensions/\(alias)")
            #expect(reply.status == 200)
            #expect(reply.json["extension"]?["alias"]?.stringValue == alias)
            #expect(reply.json["extension"]?["name"]?.stringValue?.isEmpty == false)
        }
    }

    @Test("GET /v2.0/extensions/{alias} for an unknown alias is 404", arguments: ["quotas", "nope", "BINDING"])
    func showUnknownExtension_Fails(alias: String) async throws {
        try await withNetworkAPIServer { _, client in
            let reply = try await client.get("\(S.v2)/extensions/\(alias)")
            S.expectError(reply, 404, "HTTPNotFound", "could not be found")
        }
    }
}
