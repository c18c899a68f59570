import Foundation
import PatchbayCore
import PatchbayPostgres
import PatchbayStore
import PatchbayTesting
import Logging
import Testing

/// The Keystone admin API tempest's dynamic credentials drive, and how passwords are stored.
@Suite("Identity admin API")
struct IdentityAdminTests {
    @Test("dynamic-credentials flow: find the domain, create project and user, grant, log in, clean up")
    func dynamicCredentials() async throws {
        try await withTokenServer { _, keystone in
            let admin = try await keystone.admin()
            let domains = try await admin.get("/identity/v3/domains?name=Default")
            #expect(domains.json["domains"]?.arrayValue?.first?["id"] == "default")
            let (client, projectId) = try await keystone.member(project: "tempest-p", user: "tempest-u", role: "member", admin: admin)
            #expect(try await client.get("/network/v2.0/networks").status == 200)
            let assignments = try await admin.get("/identity/v3/role_assignments?scope.project.id=\(projectId)")
            #expect(assignments.json["role_assignments"]?.arrayValue?.count == 1)
            let users = try await admin.get("/identity/v3/users?name=tempest-u")
            let userId = try #require(users.json["users"]?.arrayValue?.first?["id"]?.stringValue)
            #expect(try await admin.delete("/identity/v3/users/\(userId)").status == 204)
            #expect(try await admin.delete("/identity/v3/projects/\(projectId)").status == 204)
            #expect(try await client.get("/network/v2.0/networks").status == 401, "a deleted user's token stops working")
            #expect(try await admin.get("/identity/v3/projects/\(projectId)").status == 404)
        }
    }

    @Test("duplicates are 409, unknown objects 404, bad bodies 400 — all in Keystone's error body")
    func errors_Fail() async throws {
        try await withTokenServer { _, keystone in
            let admin = try await keystone.admin()
            #expect(try await admin.post("/identity/v3/projects", ["project": ["name": "dup"]]).status == 201)
            let duplicate = try await admin.post("/identity/v3/projects", ["project": ["name": "dup"]])
            #expect(duplicate.status == 409)
            #expect(duplicate.json["error"]?["title"] == "Conflict")
            let missing = try await admin.get("/identity/v3/users/nope")
            #expect(missing.status == 404)
            #expect(missing.json["error"]?["message"]?.stringValue == "Could not find user: nope.")
            #expect(try await admin.post("/identity/v3/users", ["user": ["password": "x"]]).status == 400)
            #expect(try await admin.put("/identity/v3/projects/nope/users/nope/roles/nope").status == 404)
            let enabled = try await admin.delete("/identity/v3/domains/default")
            #expect(enabled.status == 403, "an enabled domain cannot be deleted")
        }
    }

    @Test("revoking a role takes effect on existing tokens")
    func revokeRole() async throws {
        try await withTokenServer { _, keystone in
            let admin = try await keystone.admin()
            let (client, projectId) = try await keystone.member(project: "rp", user: "ru", role: "member", admin: admin)
            #expect(try await client.post("/network/v2.0/networks", ["network": ["name": "a"]]).status == 201)
            let assignments = try await admin.get("/identity/v3/role_assignments?scope.project.id=\(projectId)")
            let grant = try #require(assignments.json["role_assignments"]?.arrayValue?.first)
            let userId = try #require(grant["user"]?["id"]?.stringValue), roleId = try #require(grant["role"]?["id"]?.stringValue)
            #expect(try await admin.delete("/identity/v3/projects/\(projectId)/users/\(userId)/roles/\(roleId)").status == 204)
            #expect(try await client.get("/network/v2.0/networks").status == 401)
        }
    }

    @Test("stored password hashes never contain the password and differ for equal passwords")
    func passwordStorage() async throws {
        let server = try await TestServer.start(tokens: true)
        let keystone = KeystoneClient(baseURL: server.baseURL)
        let admin = try await keystone.admin()
        for name in ["twin1", "twin2"] {
            let created = try await admin.post("/identity/v3/users", ["user": ["name": .string(name), "password": "same-Secret-42"]])
            #expect(created.status == 201)
            #expect(!JSONWriter.string(created.json).contains("same-Secret-42"))
        }
        try await server.stop()
        let store = try await DatabaseOpener.open(server.databasePath, logger: Logger(label: "test"))
        let users = try await SQLIdentityRepository(store: store).read { try await $0.users() }
        try await store.close()
        let hashes = users.filter { $0.name.hasPrefix("twin") }.compactMap(\.passwordHash)
        #expect(hashes.count == 2)
        #expect(Set(hashes).count == 2, "salted: equal passwords store different values")
        for hash in hashes {
            #expect(!hash.contains("same-Secret-42"))
            #expect(hash.hasPrefix("scrypt$"))
        }
        // On SQLite the whole file is searched as well (PostgreSQL has no one file to read).
        if !PostgresLocation.isPostgres(server.databasePath) {
            let raw = try Data(contentsOf: URL(fileURLWithPath: server.databasePath))
            #expect(raw.range(of: Data("same-Secret-42".utf8)) == nil, "the password appears nowhere in the database file")
        }
    }
}
