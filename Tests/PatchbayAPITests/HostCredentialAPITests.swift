import PatchbayCore
import PatchbayTesting
import Testing

/// Per-host agent credentials over real HTTP with real tokens: a host's credential acts for its
/// own host only, admins for every host, and the shared service login for none.
@Suite("Per-host agent credentials")
struct HostCredentialAPITests {
    /// The five agent-facing endpoints of `host`, with a valid body each (the report names the host in its body).
    static func agentEndpoints(_ host: String) -> [(method: String, path: String, body: JSONValue?)] {
        [
            ("POST", "/patchbay/v1/agents/report", ["agent": ["agent_type": "Patchbay agent", "host": .string(host),
                                                               "binary": "patchbay-agent", "configurations": ["tunneling_ip": "192.0.2.7"]]]),
            ("POST", "/patchbay/v1/hosts/\(host)/devices", ["up": [], "down": []]),
            ("POST", "/patchbay/v1/hosts/\(host)/inventory", ["vcpus": 4, "memory_mb": 4096]),
            ("GET", "/patchbay/v1/hosts/\(host)/desired", nil),
            ("POST", "/patchbay/v1/hosts/\(host)/guests", ["running": []]),
        ]
    }

    /// Makes hosts known to the server (an unknown host's desired state is 404), as their agents'
    /// first inventory reports would.
    static func reportHosts(_ admin: APIClient, _ hosts: String...) async throws {
        for host in hosts {
            let reply = try await admin.post("/patchbay/v1/hosts/\(host)/inventory", ["vcpus": 4, "memory_mb": 4096])
            #expect(reply.status == 200, "\(reply.json)")
        }
    }

    @Test("host A's credential acts for host A only; admin acts for both", arguments: agentEndpoints("host-b").indices)
    func hostAOnHostB_Fails(index: Int) async throws {
        try await withTokenServer { _, keystone in
            let admin = try await keystone.admin()
            try await Self.reportHosts(admin, "host-a", "host-b")
            let hostA = try await keystone.hostClient("host-a", admin: admin)
            let theirs = Self.agentEndpoints("host-b")[index]
            let refused = try await hostA.send(theirs.method, theirs.path, theirs.body)
            #expect(refused.status == 403, "\(theirs.path): \(refused.json)")
            #expect(refused.errorType == "PolicyNotAuthorized" || refused.errorType == "Forbidden", "\(refused.json)")
            let own = Self.agentEndpoints("host-a")[index]
            let accepted = try await hostA.send(own.method, own.path, own.body)
            #expect(accepted.status == 200, "\(own.path): \(accepted.json)")
            for host in ["host-a", "host-b"] {
                let endpoint = Self.agentEndpoints(host)[index]
                let reply = try await admin.send(endpoint.method, endpoint.path, endpoint.body)
                #expect(reply.status == 200, "admin on \(endpoint.path): \(reply.json)")
            }
        }
    }

    @Test("the shared service login no longer reaches any agent endpoint", arguments: agentEndpoints("host-a").indices)
    func sharedServiceLogin_Fails(index: Int) async throws {
        try await withTokenServer { _, keystone in
            let service = try await keystone.client(user: "patchbay", password: TestServer.servicePassword, project: "service")
            let endpoint = Self.agentEndpoints("host-a")[index]
            let reply = try await service.send(endpoint.method, endpoint.path, endpoint.body)
            #expect(reply.status == 403, "\(endpoint.path): \(reply.json)")
        }
    }

    @Test func theCredentialPastesIntoTheAgentsAuthBlock() async throws {
        try await withTokenServer { _, keystone in
            let admin = try await keystone.admin()
            let reply = try await admin.post("/patchbay/v1/hosts/compute-7/credentials", [:])
            #expect(reply.status == 201)
            let credential = try #require(reply.json["credential"]?.objectValue)
            #expect(Set(credential.keys) == ["username", "password", "project_name", "user_domain_name", "project_domain_name"])
            #expect(credential["username"] == "host:compute-7")
            #expect(credential["project_name"] == "service")
            #expect(credential["user_domain_name"] == "Default")
            #expect(credential["project_domain_name"] == "Default")
            #expect((credential["password"]?.stringValue?.count ?? 0) >= 40)
            // The agent's own login body (by domain name, as the agent sends it) is accepted.
            let login = try await keystone.anonymous.post("/identity/v3/auth/tokens", ["auth": [
                "identity": ["methods": ["password"], "password": ["user": [
                    "name": credential["username"]!, "password": credential["password"]!,
                    "domain": ["name": credential["user_domain_name"]!]]]],
                "scope": ["project": ["name": credential["project_name"]!, "domain": ["name": credential["project_domain_name"]!]]],
            ]])
            #expect(login.status == 201, "\(login.json)")
            let roles = login.json["token"]?["roles"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
            #expect(roles == ["patchbay_host"])
        }
    }

    @Test func rotatingOrRevokingEndsTheOldTokens_Fails() async throws {
        try await withTokenServer { _, keystone in
            let admin = try await keystone.admin()
            try await Self.reportHosts(admin, "host-a")
            let desired = "/patchbay/v1/hosts/host-a/desired"
            let first = try await keystone.hostClient("host-a", admin: admin)
            #expect(try await first.get(desired).status == 200)
            let rotated = try await keystone.mintHostCredential("host-a", admin: admin)
            #expect(try await first.get(desired).status == 401, "a rotated credential's token is over")
            let oldLogin = try await keystone.authenticate(user: rotated.username, password: "not-it", project: "service")
            #expect(oldLogin.status == 401)
            let second = try await keystone.client(rotated)
            #expect(try await second.get(desired).status == 200)
            #expect(try await admin.delete("/patchbay/v1/hosts/host-a/credentials").status == 204)
            #expect(try await second.get(desired).status == 401, "a revoked credential's token is over")
            let relogin = try await keystone.authenticate(user: rotated.username, password: rotated.password, project: "service")
            #expect(relogin.status == 401)
            let again = try await admin.delete("/patchbay/v1/hosts/host-a/credentials")
            #expect(again.status == 404)
            #expect(again.errorType == "HostCredentialNotFound")
        }
    }

    @Test func onlyAdminsMintOrRevokeAndHostNamesAreChecked_Fails() async throws {
        try await withTokenServer { _, keystone in
            let admin = try await keystone.admin()
            let hostA = try await keystone.hostClient("host-a", admin: admin)
            let (member, _) = try await keystone.member(project: "p1", user: "alice", role: "member", admin: admin)
            for caller in [hostA, member] {
                #expect(try await caller.post("/patchbay/v1/hosts/host-a/credentials", [:]).status == 403)
                #expect(try await caller.delete("/patchbay/v1/hosts/host-a/credentials").status == 403)
            }
            for bad in ["under_score", "-lead", "a..b", String(repeating: "x", count: 64)] {
                let reply = try await admin.post("/patchbay/v1/hosts/\(bad)/credentials", [:])
                #expect(reply.status == 400, "\(bad): \(reply.json)")
                #expect(reply.errorType == "InvalidInput")
                #expect(reply.errorMessage?.contains("host '") == true)
            }
            // A tenant user may not take a host credential's name.
            let squatter = try await admin.post("/identity/v3/users", ["user": ["name": "host:host-b", "domain_id": "default"]])
            #expect(squatter.status == 400)
        }
    }
}
