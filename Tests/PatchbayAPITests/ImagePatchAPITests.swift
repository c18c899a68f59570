import PatchbayCore
import PatchbayTesting
import Testing

/// `PATCH /v2/images/{id}` in Glance's JSON-patch dialect: base attributes and extra
/// properties, and the changes Glance refuses.
@Suite struct ImagePatchAPITests {
    typealias I = ImageAPI

    @Test("add, replace and remove on base attributes and extra properties; updated_at moves")
    func patchAttributesAndProperties() async throws {
        try await I.withServer { server, client in
            let created = try await I.create(client, ["name": "before", "disk_format": "raw", "container_format": "bare"])
            let id = try I.id(created)
            server.clock.advance(by: 30)
            let reply = try await I.patch(client, id, [
                I.op("replace", "/name", "after"), I.op("replace", "/min_disk", 5), I.op("add", "/min_ram", 512),
                I.op("replace", "/visibility", "public"), I.op("replace", "/protected", true), I.op("replace", "/tags", ["x", "y"]),
                I.op("add", "/hw_vif_model", "e1000"), I.op("add", "/kernel_id", "k-1"),
            ])
            #expect(reply.status == 200, "\(reply.json)")
            let image = reply.json
            #expect(image["name"] == "after" && image["min_disk"] == 5 && image["min_ram"] == 512)
            #expect(image["visibility"] == "public" && image["protected"] == true && image["tags"] == ["x", "y"])
            #expect(image["hw_vif_model"] == "e1000" && image["kernel_id"] == "k-1")
            #expect(image["created_at"] == created["created_at"])
            #expect(image["updated_at"] != created["updated_at"])
            #expect(try await client.get("\(I.v2)/images/\(id)").json == image)

            let second = try await I.patch(client, id, [
                I.op("replace", "/hw_vif_model", "virtio"), I.op("add", "/kernel_id", "k-2"), I.op("remove", "/kernel_id"),
                I.op("replace", "/name", .null),
            ])
            #expect(second.status == 200, "\(second.json)")
            #expect(second.json["hw_vif_model"] == "virtio")
            #expect(second.json["kernel_id"] == nil)
            #expect(second.json["name"] == .null)
            #expect(try await I.patch(client, id, []).json == second.json, "an empty patch changes nothing")
        }
    }

    @Test("changes Glance refuses, with its status and words; the image stays as it was", arguments: [
        (I.op("replace", "/status", "active"), 403, "Attribute 'status' is read-only."),
        (I.op("replace", "/id", "x"), 403, "Attribute 'id' is read-only."),
        (I.op("replace", "/checksum", "x"), 403, "Attribute 'checksum' is read-only."),
        (I.op("add", "/size", 1), 403, "Attribute 'size' is read-only."),
        (I.op("remove", "/os_hash_value"), 403, "Attribute 'os_hash_value' is read-only."),
        (I.op("add", "/locations", []), 403, "Attribute 'locations' is reserved."),
        (I.op("remove", "/name"), 403, "Property name may not be removed."),
        (I.op("remove", "/hw_missing"), 409, "Property hw_missing does not exist."),
        (I.op("replace", "/hw_missing", "x"), 409, "Property hw_missing does not exist."),
        (I.op("replace", "/min_ram", -5), 400, "Cannot be a negative value"),
        (I.op("replace", "/disk_format", "floppy"), 400, "'floppy' is not one of"),
        (I.op("replace", "/hw_vif_model", 3), 400, "3 is not of type 'string'"),
        (I.op("move", "/name"), 400, "Invalid operation: `move`."),
        (I.op("replace", "/name"), 400, "Operation \"replace\" requires a member named \"value\"."),
        (I.op("replace", "name", "x"), 400, "Pointer `name` does not start with \"/\"."),
        (I.op("replace", "/tags/0", "x"), 400, "Invalid JSON pointer for this resource: '/tags/0'"),
    ] as [(JSONValue, Int, String)])
    func patchRefused_Fails(operation: JSONValue, status: Int, message: String) async throws {
        try await I.withServer { _, client in
            let before = try await I.create(client, ["name": "n", "hw_vif_model": "e1000"])
            let id = try I.id(before)
            I.expectFault(try await I.patch(client, id, [I.op("replace", "/name", "changed"), operation]).fault, status, message)
            #expect(try await client.get("\(I.v2)/images/\(id)").json == before)
        }
    }

    @Test("a non-admin may not change the owner; formats are fixed once data was uploaded; the patch media type is required")
    func ownerFormatsAndMediaType_Fails() async throws {
        try await I.withServer { _, admin in
            let member = admin.acting(project: "p1", roles: "member")
            let id = try I.id(try await I.create(member))
            I.expectFault(try await I.patch(member, id, [I.op("replace", "/owner", "p2")]).fault, 403, "Owner can't be updated by non admin.")
            let moved = try await I.patch(admin, id, [I.op("replace", "/owner", "p3")])
            #expect(moved.json["owner"] == "p3")
            #expect(try await I.upload(admin, id, [1, 2, 3]).status == 204)
            I.expectFault(try await I.patch(admin, id, [I.op("replace", "/disk_format", "qcow2")]).fault, 403,
                          "Attribute disk_format can be only replaced for a queued image.")
            let json = try await I.patch(admin, id, [I.op("replace", "/name", "x")], contentType: "application/json")
            I.expectFault(json.fault, 415, "The request media type application/json is not supported by this server.")
            #expect(json.headers["accept-patch"] == "application/openstack-images-v2.1-json-patch")
            let notList = try await I.send(admin, "PATCH", "\(I.v2)/images/\(id)", body: .bytes(.init(string: #"{"op": "add"}"#)),
                                           headers: ["Content-Type": "application/openstack-images-v2.1-json-patch"])
            I.expectFault(notList.fault, 400, "Request body must be a JSON array of operation objects.")
        }
    }
}
