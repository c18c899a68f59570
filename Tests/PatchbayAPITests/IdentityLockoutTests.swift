import PatchbayCore
import PatchbayTesting
import Testing

/// Failed-login limits over real HTTP: the per-user lockout, the per-address 429, and that
/// unknown users cost and answer exactly what known ones do.
@Suite("Identity lockout")
struct IdentityLockoutTests {
    /// Lockout after 3 failures for 60 s; the address rule off unless `addressLimit` is given.
    static func yaml(attempts: Int = 3, addressLimit: Int = 0) -> String {
        """
        identity:
          lockout_failure_attempts: \(attempts)
          lockout_duration: 60
          address_failure_limit: \(addressLimit)
          address_failure_window: 60
        """
    }

    /// Runs `body` against a token-mode server with `yaml` and a counting hasher.
    func withServer(_ yaml: String, _ body: (TestServer, KeystoneClient, CountingPasswordHashing) async throws -> Void) async throws {
        let hashing = CountingPasswordHashing()
        let server = try await TestServer.start(yaml: yaml, tokens: true, passwordHashing: hashing)
        do {
            try await body(server, KeystoneClient(baseURL: server.baseURL), hashing)
        } catch {
            try? await server.stop()
            throw error
        }
        try await server.stop()
    }

    @Test("lockedOut_Fails: after N wrong passwords the right one is 401 until the lockout expires")
    func lockout() async throws {
        try await withServer(Self.yaml()) { server, keystone, _ in
            for _ in 0..<3 { #expect(try await keystone.authenticate(user: "admin", password: "wrong", project: "admin").status == 401) }
            let locked = try await keystone.authenticate(user: "admin", password: TestServer.adminPassword, project: "admin")
            #expect(locked.status == 401)
            #expect(locked.json["error"]?["message"] == "The request you have made requires authentication.")
            server.clock.advance(by: 59)
            #expect(try await keystone.authenticate(user: "admin", password: TestServer.adminPassword, project: "admin").status == 401)
            server.clock.advance(by: 1)
            #expect(try await keystone.authenticate(user: "admin", password: TestServer.adminPassword, project: "admin").status == 201)
        }
    }

    @Test("unknownUser_Fails: unknown and known users answer byte-identical 401s and lock out alike")
    func unknownUser() async throws {
        try await withServer(Self.yaml()) { _, keystone, _ in
            var bodies: Set<String> = []
            for user in ["admin", "nobody"] {
                for _ in 0..<3 {
                    let reply = try await keystone.authenticate(user: user, password: "wrong", project: "admin")
                    #expect(reply.status == 401)
                    #expect(reply.headers["www-authenticate"] == "Keystone uri=\"/identity\"")
                    bodies.insert(reply.text)
                }
                let locked = try await keystone.authenticate(user: user, password: TestServer.adminPassword, project: "admin")
                #expect(locked.status == 401)
                bodies.insert(locked.text)
            }
            #expect(bodies.count == 1, "every failure answers the same bytes: \(bodies)")
        }
    }

    @Test("an unknown user, a disabled user and a user in an unknown domain are verified against the dummy hash")
    func dummyHash() async throws {
        try await withServer(Self.yaml()) { _, keystone, hashing in
            let admin = try await keystone.admin()
            let created = try await admin.post("/identity/v3/users", ["user": [
                "name": "dora", "password": "dora-secret", "domain_id": "default", "enabled": false]])
            #expect(created.status == 201)
            let before = hashing.verifyCount
            let adminHash = try #require(hashing.verifiedAgainst.last, "the admin's login verified its stored hash")
            let unknownDomain = try await keystone.anonymous.post("/identity/v3/auth/tokens", ["auth": ["identity": [
                "methods": ["password"], "password": ["user": ["name": "admin", "domain": ["name": "Nowhere"], "password": "x"]]]]])
            let attempts = [try await keystone.authenticate(user: "nobody", password: "x"),
                            try await keystone.authenticate(user: "dora", password: "dora-secret"), unknownDomain]
            #expect(attempts.map(\.status) == [401, 401, 401])
            let verified = Array(hashing.verifiedAgainst.dropFirst(before))
            #expect(verified.count == 3, "each failure computed one hash")
            #expect(Set(verified).count == 1, "all against the one dummy hash, not dora's own")
            #expect(verified.first != adminHash)
        }
    }

    @Test("lockedNoHash_Fails: while a user is locked out no hash is computed")
    func lockedComputesNoHash() async throws {
        try await withServer(Self.yaml()) { _, keystone, hashing in
            for user in ["admin", "ghost"] {
                for _ in 0..<3 { _ = try await keystone.authenticate(user: user, password: "wrong") }
                let before = hashing.verifyCount
                for _ in 0..<5 { #expect(try await keystone.authenticate(user: user, password: "wrong").status == 401) }
                #expect(hashing.verifyCount == before, "\(user): refused without hashing")
            }
        }
    }

    @Test("a successful login resets the failure count")
    func successResets() async throws {
        try await withServer(Self.yaml()) { _, keystone, _ in
            for round in 0..<3 {
                for _ in 0..<2 {
                    let wrong = try await keystone.authenticate(user: "admin", password: "wrong")
                    #expect(wrong.status == 401, "round \(round)")
                }
                let right = try await keystone.authenticate(user: "admin", password: TestServer.adminPassword, project: "admin")
                #expect(right.status == 201, "round \(round): two failures after a success do not lock")
            }
        }
    }

    @Test("a password change ends the user's lockout")
    func passwordChangeUnlocks() async throws {
        try await withServer(Self.yaml()) { _, keystone, _ in
            let admin = try await keystone.admin()
            let created = try await admin.post("/identity/v3/users", ["user": ["name": "carol", "password": "old", "domain_id": "default"]])
            let id = try #require(created.json["user"]?["id"]?.stringValue)
            for _ in 0..<3 { _ = try await keystone.authenticate(user: "carol", password: "wrong") }
            #expect(try await keystone.authenticate(user: "carol", password: "old").status == 401)
            #expect(try await admin.send("PATCH", "/identity/v3/users/\(id)", ["user": ["password": "new"]]).status == 200)
            #expect(try await keystone.authenticate(user: "carol", password: "new").status == 201)
        }
    }

    @Test("addressLimit_Fails: too many failures from one address answer 429 with Retry-After, without hashing")
    func addressLimit() async throws {
        try await withServer(Self.yaml(attempts: 0, addressLimit: 4)) { server, keystone, hashing in
            for user in ["a", "b", "admin", "admin"] {
                #expect(try await keystone.authenticate(user: user, password: "wrong").status == 401)
            }
            let before = hashing.verifyCount
            let limited = try await keystone.authenticate(user: "admin", password: TestServer.adminPassword, project: "admin")
            #expect(limited.status == 429)
            #expect(limited.headers["retry-after"] == "60")
            #expect(limited.json["error"]?["code"] == 429)
            #expect(limited.json["error"]?["title"] == "Too Many Requests")
            #expect(limited.json["error"]?["message"]?.stringValue?.isEmpty == false)
            // The address is the connection's, not a header's.
            let spoofed = APIClient(baseURL: server.baseURL, headers: ["X-Forwarded-For": "203.0.113.9", "Forwarded": "for=203.0.113.9"])
            #expect(try await spoofed.post("/identity/v3/auth/tokens", KeystoneClient.passwordBody(user: "admin", password: "x")).status == 429)
            #expect(hashing.verifyCount == before)
            server.clock.advance(by: 30)
            #expect(try await keystone.authenticate(user: "admin", password: "x").headers["retry-after"] == "30")
            server.clock.advance(by: 30)
            #expect(try await keystone.authenticate(user: "admin", password: TestServer.adminPassword, project: "admin").status == 201)
        }
    }
}
