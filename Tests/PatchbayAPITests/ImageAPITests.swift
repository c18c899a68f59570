import PatchbayCore
import PatchbayTesting
import Testing

/// Image metadata over HTTP: create, show, update and delete with Glance's answers, and
/// visibility between projects.
@Suite struct ImageAPITests {
    typealias I = ImageAPI

    @Test("a create answers 201 with Glance's image JSON: queued, no data, extra properties at the top level")
    func createShowsGlanceImage() async throws {
        try await I.withServer { _, client in
            let reply = try await client.post("\(I.v2)/images", [
                "name": "cirros", "disk_format": "qcow2", "container_format": "bare", "min_disk": 1, "min_ram": 64,
                "tags": ["a", "b", "a"], "hw_vif_model": "e1000", "kernel_id": "k-1",
            ])
            #expect(reply.status == 201)
            let image = reply.json
            let id = try I.id(image)
            #expect(ImageCreate.isUUID(id))
            #expect(reply.headers["location"] == "/v2/images/\(id)")
            #expect(image["name"] == "cirros")
            #expect(image["status"] == "queued")
            #expect(image["visibility"] == "private")
            #expect(image["owner"] == "admin")
            #expect(image["protected"] == false)
            #expect(image["size"] == .null && image["checksum"] == .null)
            #expect(image["os_hash_algo"] == .null && image["os_hash_value"] == .null)
            #expect(image["disk_format"] == "qcow2" && image["container_format"] == "bare")
            #expect(image["min_disk"] == 1 && image["min_ram"] == 64)
            #expect(image["tags"] == ["a", "b"])
            #expect(image["hw_vif_model"] == "e1000" && image["kernel_id"] == "k-1")
            #expect(image["self"] == .string("/v2/images/\(id)"))
            #expect(image["file"] == .string("/v2/images/\(id)/file"))
            #expect(image["schema"] == "/v2/schemas/image")
            #expect(image["created_at"]?.stringValue?.hasSuffix("Z") == true)
            #expect(image["updated_at"] == image["created_at"])
            let shown = try await client.get("\(I.v2)/images/\(id)")
            #expect(shown.status == 200)
            #expect(shown.json == image)
        }
    }

    @Test("a create naming a given id uses it; the same id again is a 409")
    func createWithId() async throws {
        try await I.withServer { _, client in
            let id = UUIDv4.make()
            #expect(try await I.create(client, ["id": .string(id)])["id"] == .string(id))
            I.expectFault(try await client.post("\(I.v2)/images", ["id": .string(id)]).fault, 409, "Image with identifier \(id) already exists!")
        }
    }

    @Test("a create Glance refuses is refused with Glance's status and words", arguments: [
        (["status": "active"], 403, "Attribute 'status' is read-only."),
        (["checksum": "0"], 403, "Attribute 'checksum' is read-only."),
        (["os_hash_value": "0"], 403, "Attribute 'os_hash_value' is read-only."),
        (["self": "/x"], 403, "Attribute 'self' is read-only."),
        (["location": "file:///x"], 403, "Attribute 'location' is reserved."),
        (["os_glance_importing_to_stores": "x"], 403, "Attribute 'os_glance_importing_to_stores' is reserved."),
        (["disk_format": "floppy"], 400, "Provided object does not match schema 'image': 'floppy' is not one of"),
        (["container_format": "zip"], 400, "'zip' is not one of"),
        (["visibility": "everyone"], 400, "'everyone' is not one of"),
        (["min_ram": -1], 400, "Invalid value '-1' for parameter 'min_ram': Cannot be a negative value"),
        (["min_disk": "big"], 400, "'big' is not of type 'integer'"),
        (["protected": "yes"], 400, "'yes' is not of type 'boolean'"),
        (["hw_vif_model": 1], 400, "1 is not of type 'string'"),
        (["id": "not-a-uuid"], 400, "does not match the pattern"),
    ] as [([String: JSONValue], Int, String)])
    func createRefused_Fails(body: [String: JSONValue], status: Int, message: String) async throws {
        try await I.withServer { _, client in
            I.expectFault(try await client.post("\(I.v2)/images", .object(body)).fault, status, message)
            #expect(try await client.get("\(I.v2)/images").json["images"] == [])
        }
    }

    @Test("public is for admins: a member's public create is 403, an admin's succeeds; community and shared are accepted")
    func publicVisibilityByMember_Fails() async throws {
        try await I.withServer { _, admin in
            let member = admin.acting(project: "p1", roles: "member")
            I.expectFault(try await member.post("\(I.v2)/images", ["visibility": "public"]).fault, 403,
                          "You are not authorized to complete publicize_image action.")
            #expect(try await I.create(admin, ["visibility": "public"])["visibility"] == "public")
            #expect(try await I.create(member, ["visibility": "community"])["visibility"] == "community")
            #expect(try await I.create(member, ["visibility": "shared"])["visibility"] == "shared")
            let mine = try await I.create(member, ["visibility": "private"])
            I.expectFault(try await I.patch(member, try I.id(mine), [I.op("replace", "/visibility", "public")]).fault, 403,
                          "publicize_image")
            let reader = admin.acting(project: "p1", roles: "reader")
            I.expectFault(try await reader.post("\(I.v2)/images", ["name": "r"]).fault, 403, "add_image")
            I.expectFault(try await member.post("\(I.v2)/images", ["owner": "p2"]).fault, 403,
                          "You are not permitted to create images owned by 'p2'")
        }
    }

    @Test("another project's private image is a 404 for show, download, update, upload and delete; public ones are readable, not writable")
    func otherProjectsImages_Fails() async throws {
        try await I.withServer { _, admin in
            let p1 = admin.acting(project: "p1", roles: "member"), p2 = admin.acting(project: "p2", roles: "member")
            let secret = try I.id(try await I.create(p1, ["name": "secret", "disk_format": "raw", "container_format": "bare"]))
            let shared = try I.id(try await I.create(p1, ["name": "shared", "visibility": "shared"]))
            let message = "No image found with ID \(secret)"
            I.expectFault(try await p2.get("\(I.v2)/images/\(secret)").fault, 404, message)
            I.expectFault(try await I.download(p2, secret).fault, 404, message)
            I.expectFault(try await I.patch(p2, secret, [I.op("replace", "/name", "mine")]).fault, 404, message)
            I.expectFault(try await I.upload(p2, secret, [1, 2, 3]).fault, 404, message)
            I.expectFault(try await p2.delete("\(I.v2)/images/\(secret)").fault, 404, "Failed to find image \(secret) to delete")
            #expect(try await p2.get("\(I.v2)/images/\(shared)").status == 404)
            #expect(try await p2.get("\(I.v2)/images").json["images"] == [])
            #expect(try await p1.get("\(I.v2)/images/\(secret)").json["name"] == "secret")
            #expect(try await admin.get("\(I.v2)/images/\(secret)").status == 200)

            let common = try I.id(try await I.create(admin, ["name": "common", "visibility": "public"]))
            #expect(try await p2.get("\(I.v2)/images/\(common)").json["name"] == "common")
            I.expectFault(try await I.patch(p2, common, [I.op("replace", "/name", "mine")]).fault, 403,
                          "You are not authorized to complete modify_image action.")
            I.expectFault(try await p2.delete("\(I.v2)/images/\(common)").fault, 403, "delete_image")
            I.expectFault(try await I.upload(p2, common, [1]).fault, 403, "upload_image")
            #expect(try await p1.get("\(I.v2)/images/\(secret)").json["name"] == "secret", "nothing changed")
        }
    }

    @Test("a protected image cannot be deleted (403) until unprotected; an image a server boots from deletes (204)")
    func deleteProtectedAndInUse() async throws {
        try await I.withServer(yaml: ComputeAPI.yaml()) { _, client in
            let image = try I.id(try await I.create(client, ["name": "keep", "protected": true]))
            I.expectFault(try await client.delete("\(I.v2)/images/\(image)").fault, 403, "Image \(image) is protected and cannot be deleted.")
            #expect(try await client.get("\(I.v2)/images/\(image)").status == 200)
            #expect(try await I.patch(client, image, [I.op("replace", "/protected", false)]).status == 200)
            #expect(try await client.delete("\(I.v2)/images/\(image)").status == 204)
            I.expectFault(try await client.get("\(I.v2)/images/\(image)").fault, 404, "No image found")

            // Compute boots only from an active raw or qcow2 image.
            let booted = try I.id(try await I.create(client, ["name": "booted", "disk_format": "raw", "container_format": "bare"]))
            #expect(try await I.upload(client, booted, I.bytes(1000, seed: 3)).status == 204)
            let server = try await ImageHostAPI.bootServer(client, image: booted, host: "compute1")
            #expect(try await client.delete("\(I.v2)/images/\(booted)").status == 204)
            #expect(try await client.get("\(ComputeAPI.v21)/servers/\(server)").json["server"]?["image"]?["id"] == .string(booted))
        }
    }
}
