import Testing
@testable import PatchbayCore

/// JSON-patch bodies for images: parsing (Glance's 400s and 403s) and applying (its policy,
/// 403 and 409 cases), without a server.
@Suite("Image JSON patch")
struct ImagePatchTests {
    static let owner = Caller(projectId: "p1", roles: ["member"])
    static let admin = Caller(projectId: "admin", roles: ["admin"])

    static func image(status: ImageStatus = .queued) -> Image {
        var image = Image(id: "i1", name: "n", owner: "p1", diskFormat: "raw", containerFormat: "bare",
                          properties: ["hw_vif_model": "e1000"], createdAt: 100)
        image.status = status
        return image
    }

    static func op(_ op: String, _ path: String, _ value: JSONValue? = nil) -> JSONValue {
        var body: [String: JSONValue] = ["op": .string(op), "path": .string(path)]
        if let value { body["value"] = value }
        return .object(body)
    }

    @Test("pointers decode with ~0 and ~1 escapes and surrounding spaces stripped")
    func pointers() throws {
        let patch = try ImagePatch.parse([Self.op("add", "/a~1b~0c", "x"), Self.op("remove", "/ spaced ")])
        #expect(patch.operations.map(\.attribute) == ["a/b~c", "spaced"])
        #expect(patch.operations.map(\.kind) == [.add, .remove])
        #expect(patch.operations[1].value == nil)
    }

    @Test("malformed patches are refused with Glance's status", arguments: [
        (JSONValue.object([:]), 400, "image.patch_not_array"),
        ([1], 400, "image.patch_not_object"),
        ([["path": "/name"]], 400, "image.patch_bad_op"),
        ([op("copy", "/name", "x")], 400, "image.patch_bad_op"),
        ([["op": "add", "value": "x"]], 400, "image.patch_bad_path"),
        ([op("add", "name", "x")], 400, "image.patch_bad_path"),
        ([op("add", "/a//b", "x")], 400, "image.patch_bad_path"),
        ([op("add", "/a/", "x")], 400, "image.patch_bad_path"),
        ([op("add", "/a~2", "x")], 400, "image.patch_bad_path"),
        ([op("add", "/", "x")], 400, "image.patch_bad_path"),
        ([op("add", "/tags/-", "x")], 400, "image.patch_bad_path"),
        ([op("add", "/name")], 400, "image.patch_no_value"),
        ([op("replace", "/status", "active")], 403, "image.read_only_attribute"),
        ([op("remove", "/deleted_at")], 403, "image.reserved_attribute"),
        ([op("add", "/os_glance_x", "y")], 403, "image.reserved_attribute"),
        ([op("replace", "/min_disk", "1")], 400, "image.schema_violation"),
        ([op("replace", "/min_disk", -1)], 400, "image.negative_value"),
        ([op("add", "/visibility", "everyone")], 400, "image.schema_violation"),
    ] as [(JSONValue, Int, String)])
    func malformed_Fails(body: JSONValue, status: Int, code: String) {
        #expect { try ImagePatch.parse(body) } throws: { error in
            let failure = error as? PatchbayError
            return failure?.category.httpStatus == status && failure?.code == code
        }
    }

    @Test("applying sets base attributes and properties and keeps the rest")
    func apply() throws {
        let patch = try ImagePatch.parse([
            Self.op("replace", "/name", "m"), Self.op("add", "/min_ram", 128), Self.op("add", "/kernel_id", "k"),
            Self.op("remove", "/hw_vif_model"), Self.op("replace", "/tags", ["b", "a", "b"]), Self.op("add", "/os_hidden", true),
        ])
        let result = try patch.apply(to: Self.image(), caller: Self.owner)
        #expect(result.name == "m" && result.minRAM == 128 && result.tags == ["b", "a"] && result.hidden)
        #expect(result.properties == ["kernel_id": "k"])
        #expect(result.diskFormat == "raw" && result.owner == "p1" && result.audit == Self.image().audit)
    }

    @Test("changes Glance's rules refuse", arguments: [
        ([op("remove", "/min_disk")], owner, ImageStatus.queued, "image.property_not_removable"),
        ([op("remove", "/absent")], owner, .queued, "image.property_missing"),
        ([op("replace", "/absent", "x")], owner, .queued, "image.property_missing"),
        ([op("replace", "/owner", "p2")], owner, .queued, "image.owner_read_only"),
        ([op("replace", "/visibility", "public")], owner, .queued, "image.not_authorized"),
        ([op("replace", "/name", "x")], Caller(projectId: "p2", roles: ["member"]), .queued, "image.not_authorized"),
        ([op("replace", "/name", "x")], Caller(projectId: "p1", roles: ["reader"]), .queued, "image.not_authorized"),
        ([op("replace", "/disk_format", "qcow2")], owner, .active, "image.format_locked"),
        ([op("add", "/container_format", "ovf")], admin, .saving, "image.format_locked"),
    ] as [([JSONValue], Caller, ImageStatus, String)])
    func refused_Fails(operations: [JSONValue], caller: Caller, status: ImageStatus, code: String) throws {
        let patch = try ImagePatch.parse(.array(operations))
        #expect { try patch.apply(to: Self.image(status: status), caller: caller) } throws: { error in
            (error as? PatchbayError)?.code == code
        }
    }

    @Test("admins may change the owner and make an image public")
    func adminChanges() throws {
        let patch = try ImagePatch.parse([Self.op("replace", "/owner", "p9"), Self.op("replace", "/visibility", "public")])
        let result = try patch.apply(to: Self.image(), caller: Self.admin)
        #expect(result.owner == "p9" && result.visibility == .public)
    }
}
