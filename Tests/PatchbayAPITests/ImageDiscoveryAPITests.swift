import PatchbayCore
import PatchbayTesting
import Testing

/// How clients find the image service: the catalog entry, Glance's versions document at the
/// unversioned endpoint, the schemas, and Glance's error body for paths it does not have.
@Suite struct ImageDiscoveryAPITests {
    typealias I = ImageAPI

    @Test("the catalog lists glance (type image) at /image in every interface; the root answers 300 with v2 CURRENT")
    func catalogAndVersions() async throws {
        try await withTokenServer { server, keystone in
            let reply = try await keystone.authenticate(user: "admin", password: TestServer.adminPassword, project: "admin")
            let catalog = reply.json["token"]?["catalog"]?.arrayValue ?? []
            let image = try #require(catalog.first { $0["type"] == "image" })
            #expect(image["name"] == "glance")
            let endpoints = image["endpoints"]?.arrayValue ?? []
            #expect(Set(endpoints.compactMap { $0["interface"]?.stringValue }) == ["public", "internal", "admin"])
            #expect(endpoints.allSatisfy { $0["url"] == .string(server.baseURL + "/image") })

            let root = try await keystone.anonymous.get("/image")
            #expect(root.status == 300)
            let versions = root.json["versions"]?.arrayValue ?? []
            let current = versions.filter { $0["status"] == "CURRENT" }
            #expect(current.count == 1)
            #expect(current.first?["id"]?.stringValue?.hasPrefix("v2.") == true)
            #expect(versions.contains { $0["id"] == "v2.0" })
            let host = String(server.baseURL.dropFirst("http://".count))
            #expect(versions.allSatisfy { $0["links"] == [["rel": "self", "href": .string("http://\(host)/image/v2/")]] })
            #expect(try await keystone.anonymous.get("/image/versions").status == 200)
            #expect(try await keystone.anonymous.get("/image/v2/images").status == 401)
        }
    }

    @Test("the image schemas describe the attributes and allow string extra properties")
    func schemas() async throws {
        try await I.withServer { _, client in
            let image = try await client.get("\(I.v2)/schemas/image")
            #expect(image.status == 200)
            #expect(image.json["name"] == "image")
            #expect(image.json["additionalProperties"] == ["type": "string"])
            let properties = image.json["properties"]?.objectValue ?? [:]
            for name in ["id", "name", "status", "visibility", "checksum", "os_hash_value", "min_ram", "tags", "self", "file"] {
                #expect(properties[name] != nil, "\(name)")
            }
            #expect(properties["status"]?["readOnly"] == true)
            #expect(properties["disk_format"]?["enum"]?.arrayValue?.contains("qcow2") == true)
            let images = try await client.get("\(I.v2)/schemas/images")
            #expect(images.json["properties"]?["images"]?["items"] == image.json)
        }
    }

    @Test("paths and methods the image API does not have are refused in Glance's body")
    func unknownPaths_Fails() async throws {
        try await I.withServer { _, client in
            let missing = try await client.get("\(I.v2)/tasks")
            #expect(missing.status == 404)
            #expect(missing.json["code"] == "404 Not Found" && missing.json["title"] == "Not Found")
            let method = try await client.send("POST", "\(I.v2)/images/\(UUIDv4.make())/file")
            #expect(method.status == 405)
            #expect(method.json["code"] == "405 Method Not Allowed")
            I.expectFault(try await client.get("\(I.v2)/images/\(UUIDv4.make())").fault, 404, "No image found with ID")
        }
    }
}
