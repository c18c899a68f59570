import PatchbayCore
import PatchbayTesting
import Testing

/// Keystone token issue, validation, expiry and revocation over real HTTP.
@Suite("Identity tokens")
struct IdentityTokenTests {
    @Test("a password login returns 201, X-Subject-Token and Keystone's token body with implied roles and a catalog")
    func issue() async throws {
        try await withTokenServer { server, keystone in
            let reply = try await keystone.authenticate(user: "admin", password: TestServer.adminPassword, project: "admin")
            #expect(reply.status == 201)
            let token = try #require(reply.headers["x-subject-token"])
            #expect(token.count >= 43, "256 bits of randomness, base64url")
            let body = try #require(reply.json["token"])
            #expect(body["user"]?["name"]?.stringValue == "admin")
            #expect(body["project"]?["name"]?.stringValue == "admin")
            #expect(body["methods"] == ["password"])
            let roles = Set(body["roles"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? [])
            #expect(roles.isSuperset(of: ["admin", "member", "reader"]), "admin implies member and reader: \(roles)")
            let expires = try #require(body["expires_at"]?.stringValue)
            #expect(expires.hasSuffix(".000000Z"))
            let types = body["catalog"]?.arrayValue?.compactMap { $0["type"]?.stringValue } ?? []
            #expect(types.contains("identity") && types.contains("network"))
            let network = body["catalog"]?.arrayValue?.first { $0["type"] == "network" }
            let interfaces = Set(network?["endpoints"]?.arrayValue?.compactMap { $0["interface"]?.stringValue } ?? [])
            #expect(interfaces == ["public", "internal", "admin"])
            let url = network?["endpoints"]?.arrayValue?.first?["url"]?.stringValue
            #expect(url == server.baseURL + "/network")
        }
    }

    @Test("a wrong password, an unknown user and a missing token are 401 in Keystone's error body")
    func wrongPassword_Fails() async throws {
        try await withTokenServer { server, keystone in
            for (user, password) in [("admin", "wrong"), ("nobody", TestServer.adminPassword)] {
                let reply = try await keystone.authenticate(user: user, password: password, project: "admin")
                #expect(reply.status == 401)
                #expect(reply.json["error"]?["title"] == "Unauthorized")
                #expect(reply.json["error"]?["code"] == 401)
            }
            let anonymous = try await keystone.anonymous.get("/network/v2.0/networks")
            #expect(anonymous.status == 401)
            #expect(anonymous.headers["www-authenticate"] != nil)
            let garbage = try await APIClient(baseURL: server.baseURL, headers: ["X-Auth-Token": "not-a-token"]).get("/network/v2.0/networks")
            #expect(garbage.status == 401)
        }
    }

    @Test("an expired token is 401 on every API")
    func expiredToken_Fails() async throws {
        try await withTokenServer { server, keystone in
            let admin = try await keystone.admin()
            #expect(try await admin.get("/network/v2.0/networks").status == 200)
            server.clock.advance(by: 3601)
            #expect(try await admin.get("/network/v2.0/networks").status == 401)
            #expect(try await admin.get("/identity/v3/projects").status == 401)
        }
    }

    @Test("a revoked token is 401, and validation of it through GET/HEAD is 404")
    func revokedToken_Fails() async throws {
        try await withTokenServer { server, keystone in
            let admin = try await keystone.admin()
            let victim = try await keystone.authenticate(user: "admin", password: TestServer.adminPassword, project: "admin")
            let token = try #require(victim.headers["x-subject-token"])
            let subject = APIClient(baseURL: server.baseURL, headers: admin.headers.merging(["X-Subject-Token": token]) { a, _ in a })
            #expect(try await subject.get("/identity/v3/auth/tokens").status == 200)
            #expect(try await subject.send("HEAD", "/identity/v3/auth/tokens").status == 200)
            #expect(try await subject.delete("/identity/v3/auth/tokens").status == 204)
            #expect(try await subject.get("/identity/v3/auth/tokens").status == 404)
            let revoked = APIClient(baseURL: server.baseURL, headers: ["X-Auth-Token": token])
            #expect(try await revoked.get("/network/v2.0/networks").status == 401)
        }
    }

    @Test("an unscoped token carries no roles or catalog and can be rescoped, keeping its expiry")
    func tokenMethod() async throws {
        try await withTokenServer { _, keystone in
            let admin = try await keystone.admin()
            _ = try await keystone.member(project: "scoped", user: "plain", role: "member", password: "pw", admin: admin)
            let unscoped = try await keystone.authenticate(user: "plain", password: "pw")
            #expect(unscoped.status == 201)
            #expect(unscoped.json["token"]?["catalog"] == nil, "unscoped tokens carry no catalog")
            #expect(unscoped.json["token"]?["roles"] == nil)
            let token = try #require(unscoped.headers["x-subject-token"])
            let rescoped = try await keystone.anonymous.post("/identity/v3/auth/tokens", ["auth": [
                "identity": ["methods": ["token"], "token": ["id": .string(token)]],
                "scope": ["project": ["name": "scoped", "domain": ["id": "default"]]]]])
            #expect(rescoped.status == 201)
            #expect(rescoped.json["token"]?["expires_at"] == unscoped.json["token"]?["expires_at"])
            #expect(rescoped.json["token"]?["project"]?["name"] == "scoped")
            #expect(rescoped.json["token"]?["methods"] == ["password", "token"])
        }
    }

    @Test("a login without a scope uses the user's default project")
    func defaultProject() async throws {
        try await withTokenServer { _, keystone in
            let reply = try await keystone.authenticate(user: "admin", password: TestServer.adminPassword)
            #expect(reply.json["token"]?["project"]?["name"] == "admin")
        }
    }

    @Test("the version documents are public")
    func versions() async throws {
        try await withTokenServer { _, keystone in
            let root = try await keystone.anonymous.get("/identity/")
            #expect(root.status == 300)
            #expect(root.json["versions"]?["values"]?.arrayValue?.first?["id"] == "v3.14")
            #expect(try await keystone.anonymous.get("/identity/v3").json["version"]?["status"] == "stable")
            #expect(try await keystone.anonymous.get("/network/").status == 200)
        }
    }
}
