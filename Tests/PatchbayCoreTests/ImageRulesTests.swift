import Testing
@testable import PatchbayCore

/// The image rules that are not patches or lists: who sees and changes what, creates, status
/// moves and abandoned uploads.
@Suite("Image rules")
struct ImageRulesTests {
    static func image(owner: String = "p1", visibility: ImageVisibility = .private) -> Image {
        Image(id: "i", visibility: visibility, owner: owner, createdAt: 0)
    }

    @Test("who sees an image", arguments: [
        (Caller(projectId: "p1", roles: ["reader"]), ImageVisibility.private, true),
        (Caller(projectId: "p2", roles: ["member"]), .private, false),
        (Caller(projectId: "p2", roles: ["member"]), .shared, false),
        (Caller(projectId: "p2", roles: ["member"]), .public, true),
        (Caller(projectId: "p2", roles: ["member"]), .community, true),
        (Caller(projectId: "p2", roles: ["admin"]), .private, true),
        (Caller(projectId: "service", roles: ["service"]), .private, true),
        (Caller(projectId: "p1", roles: ["patchbay_host"]), .private, false),
    ])
    func visibility(caller: Caller, visibility: ImageVisibility, seen: Bool) {
        #expect(ImagePolicy.canSee(caller, Self.image(visibility: visibility)) == seen)
    }

    @Test("community images of other projects are listed only when asked for")
    func communityListing() {
        let other = Caller(projectId: "p2", roles: ["member"]), community = Self.image(visibility: .community)
        #expect(!ImagePolicy.isListed(other, community, visibilityFilter: nil))
        #expect(ImagePolicy.isListed(other, community, visibilityFilter: "community"))
        #expect(ImagePolicy.isListed(other, community, visibilityFilter: "all"))
        #expect(ImagePolicy.isListed(Caller(projectId: "p1", roles: ["member"]), community, visibilityFilter: nil))
    }

    @Test("a create takes the caller's project as owner unless an admin names another; the body's checks come first")
    func create() throws {
        let member = Caller(projectId: "p1", roles: ["member"])
        let image = try ImageCreate.image(from: ["name": "x", "hw_vif_model": "virtio", "tags": ["t"]], caller: member,
                                          newId: { "new-id" }, now: 42)
        #expect(image.id == "new-id" && image.owner == "p1" && image.status == .queued && image.visibility == .private)
        #expect(image.properties == ["hw_vif_model": "virtio"] && image.tags == ["t"] && image.audit.createdAt == 42)
        let adminImage = try ImageCreate.image(from: ["owner": "p7"], caller: Caller(projectId: "a", roles: ["admin"]),
                                               newId: { "i" }, now: 0)
        #expect(adminImage.owner == "p7")
        #expect { try ImageCreate.image(from: ["file": "/x"], caller: member, newId: { "i" }, now: 0) } throws: { error in
            (error as? PatchbayError)?.code == "image.read_only_attribute"
        }
        #expect { try ImageCreate.image(from: [String(repeating: "k", count: 256): "v"], caller: member, newId: { "i" }, now: 0) } throws: {
            (($0 as? PatchbayError)?.code == "image.property_name_too_long")
        }
        #expect { try ImageCreate.image(from: ["a", "b"], caller: member, newId: { "i" }, now: 0) } throws: {
            (($0 as? PatchbayError)?.code == "image.schema_violation")
        }
    }

    @Test("status moves Glance allows")
    func statusMoves() {
        #expect(ImageStatus.queued.allows(.saving) && ImageStatus.saving.allows(.active) && ImageStatus.saving.allows(.queued))
        #expect(!ImageStatus.active.allows(.saving) && !ImageStatus.saving.allows(.saving) && !ImageStatus.active.allows(.queued))
    }

    @Test("an upload is abandoned when its process is this one but not uploading, or another whose lease ran out", arguments: [
        ("me", Int64(200), false, true), ("me", 200, true, false), ("other", 200, false, false), ("other", 100, false, true),
        ("other", 99, true, true),
    ])
    func abandonedUploads(holder: String, expiresAt: Int64, inFlight: Bool, abandoned: Bool) {
        var image = Self.image()
        image.status = .saving
        image.upload = UploadLease(holder: holder, expiresAt: expiresAt)
        #expect(image.uploadIsAbandoned(now: 100, instance: "me", inFlight: inFlight) == abandoned)
        let settled = image.settled(now: 100, instance: "me", inFlight: inFlight)
        #expect(settled.status == (abandoned ? .queued : .saving))
        #expect((settled.upload == nil) == abandoned)
    }
}
