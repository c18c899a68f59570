import PatchbayCore
import PatchbayTesting
import Testing

/// `GET /v2/images`: what each project lists, Glance's filters, sorting and paging by marker.
@Suite struct ImageListAPITests {
    typealias I = ImageAPI

    /// Names of a list reply's images, in order.
    static func names(_ reply: APIClient.Reply) -> [String] {
        reply.json["images"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
    }

    /// Five images a second apart: a..e, with formats, visibility and owners to filter on.
    static func fixture(_ server: TestServer, _ admin: APIClient) async throws {
        let p1 = admin.acting(project: "p1", roles: "member"), p2 = admin.acting(project: "p2", roles: "member")
        let specs: [(APIClient, [String: JSONValue])] = [
            (p1, ["name": "a", "disk_format": "raw", "container_format": "bare", "hw_vif_model": "e1000"]),
            (p1, ["name": "b", "disk_format": "qcow2", "container_format": "bare", "tags": ["gold"]]),
            (p2, ["name": "c", "disk_format": "raw", "container_format": "ovf", "visibility": "community"]),
            (admin, ["name": "d", "disk_format": "qcow2", "container_format": "bare", "visibility": "public"]),
            (p2, ["name": "e", "disk_format": "raw", "container_format": "bare", "tags": ["gold"]]),
        ]
        for (client, body) in specs {
            try await I.create(client, body)
            server.clock.advance(by: 1)
        }
        let b = try #require(try await p1.get("\(I.v2)/images?name=b").json["images"]?.arrayValue?.first?["id"]?.stringValue)
        #expect(try await I.upload(p1, b, [7, 7, 7]).status == 204)
    }

    @Test("each project lists its own images and public ones, newest first; community ones of others when asked; admins everything")
    func listsPerProject() async throws {
        try await I.withServer { server, admin in
            try await Self.fixture(server, admin)
            let p1 = admin.acting(project: "p1", roles: "member")
            let listed = try await p1.get("\(I.v2)/images")
            #expect(Self.names(listed) == ["d", "b", "a"])
            #expect(listed.json["first"] == "/v2/images" && listed.json["schema"] == "/v2/schemas/images")
            #expect(listed.json["next"] == nil)
            #expect(Self.names(try await p1.get("\(I.v2)/images?visibility=community")) == ["c"])
            #expect(Self.names(try await p1.get("\(I.v2)/images?visibility=all")) == ["d", "c", "b", "a"])
            #expect(Self.names(try await admin.get("\(I.v2)/images")) == ["e", "d", "c", "b", "a"])
            #expect(Self.names(try await admin.acting(project: "p2", roles: "member").get("\(I.v2)/images")) == ["e", "d", "c"])
        }
    }

    @Test("filters: name, status, visibility, owner, formats, tag, protected, size and extra properties", arguments: [
        ("name=c", ["c"]), ("status=active", ["b"]), ("status=queued", ["e", "d", "c", "a"]), ("visibility=public", ["d"]),
        ("visibility=private", ["e", "b", "a"]), ("owner=p1", ["b", "a"]), ("disk_format=raw", ["e", "c", "a"]),
        ("container_format=ovf", ["c"]), ("disk_format=qcow2&container_format=bare", ["d", "b"]), ("tag=gold", ["e", "b"]),
        ("protected=false", ["e", "d", "c", "b", "a"]), ("protected=true", []), ("size_min=1", ["b"]), ("size_max=2", []),
        ("hw_vif_model=e1000", ["a"]), ("name=nothing", []),
    ])
    func filters(query: String, expected: [String]) async throws {
        try await I.withServer { server, admin in
            try await Self.fixture(server, admin)
            #expect(Self.names(try await admin.get("\(I.v2)/images?\(query)")) == expected, "\(query)")
        }
    }

    @Test("sorting by sort_key/sort_dir and by sort=key:dir")
    func sorting() async throws {
        try await I.withServer { server, admin in
            try await Self.fixture(server, admin)
            #expect(Self.names(try await admin.get("\(I.v2)/images?sort_key=name&sort_dir=asc")) == ["a", "b", "c", "d", "e"])
            #expect(Self.names(try await admin.get("\(I.v2)/images?sort=name:desc")) == ["e", "d", "c", "b", "a"])
            #expect(Self.names(try await admin.get("\(I.v2)/images?sort=disk_format:asc,name:desc")) == ["d", "b", "e", "c", "a"])
            #expect(Self.names(try await admin.get("\(I.v2)/images?sort_key=created_at&sort_dir=asc")) == ["a", "b", "c", "d", "e"])
        }
    }

    @Test("paging: a full page carries next with the last id as marker; following next lists every image once")
    func paging() async throws {
        try await I.withServer { server, admin in
            try await Self.fixture(server, admin)
            var seen: [String] = []
            var path: String? = "/v2/images?limit=2&sort_key=name&sort_dir=asc"
            var pages = 0
            while let next = path, pages < 10 {
                let reply = try await admin.get("/image" + next)
                #expect(reply.status == 200)
                seen += Self.names(reply)
                path = reply.json["next"]?.stringValue
                if path != nil { #expect(Self.names(reply).count == 2) }
                pages += 1
            }
            #expect(seen == ["a", "b", "c", "d", "e"])
            #expect(pages == 3)
            let first = try await admin.get("\(I.v2)/images?limit=2&sort_key=name&sort_dir=asc")
            #expect(first.json["first"] == "/v2/images?limit=2&sort_key=name&sort_dir=asc")
            let exact = try await admin.get("\(I.v2)/images?limit=5")
            #expect(exact.json["next"] != nil, "a full page links on, as Glance does")
            #expect(Self.names(try await admin.get("/image" + (exact.json["next"]?.stringValue ?? ""))) == [])
        }
    }

    @Test("malformed list parameters are 400 in Glance's words", arguments: [
        ("limit=x", "limit param must be an integer"), ("limit=-1", "limit param must be positive"),
        ("sort_key=owner", "Invalid sort key: owner."), ("sort_dir=up", "Invalid sort direction: up"),
        ("sort=name&sort_key=name", "Old and new sorting syntax cannot be combined"),
        ("visibility=everyone", "Invalid visibility value: everyone"),
        ("marker=4a1e5c4e-0000-4000-8000-000000000000", "No image found with ID 4a1e5c4e-0000-4000-8000-000000000000"),
        ("protected=maybe", "Invalid value 'maybe' for 'protected' filter."),
        ("member_status=nope", "Invalid status: nope"),
    ])
    func badParameters_Fails(query: String, message: String) async throws {
        try await I.withServer { _, admin in
            I.expectFault(try await admin.get("\(I.v2)/images?\(query)").fault, 400, message)
        }
    }
}
