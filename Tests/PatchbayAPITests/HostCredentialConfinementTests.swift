import PatchbayCore
import PatchbayTesting
import Testing

/// A per-host credential reads and writes nothing but its own host's agent endpoints; a caller
/// without a reader role lists nothing.
@Suite("Per-host credentials are confined")
struct HostCredentialConfinementTests {
    /// Tenant, operator and identity endpoints; `{net}`, `{port}` and `{server}` are filled in.
    static let elsewhere: [(method: String, path: String, body: JSONValue?)] = [
        ("GET", "/network/v2.0/networks", nil), ("GET", "/network/v2.0/networks/{net}", nil),
        ("POST", "/network/v2.0/networks", ["network": ["name": "mine"]]),
        ("GET", "/network/v2.0/subnets", nil), ("GET", "/network/v2.0/ports", nil), ("GET", "/network/v2.0/ports/{port}", nil),
        ("PUT", "/network/v2.0/ports/{port}", ["port": ["binding:host_id": "host-a"]]),
        ("GET", "/network/v2.0/agents", nil), ("GET", "/network/v2.0/networks/{net}/tags", nil),
        ("GET", "/compute/v2.1/servers", nil), ("GET", "/compute/v2.1/servers/{server}", nil),
        ("POST", "/compute/v2.1/flavors", ["flavor": ["name": "f", "ram": 1, "vcpus": 1, "disk": 0]]),
        ("GET", "/compute/v2.1/os-hypervisors", nil),
        ("GET", "/identity/v3/users", nil), ("GET", "/identity/v3/projects", nil), ("GET", "/identity/v3/role_assignments", nil),
        ("POST", "/identity/v3/users", ["user": ["name": "sneaky", "domain_id": "default"]]),
        ("GET", "/patchbay/v1/hosts", nil), ("GET", "/patchbay/v1/hosts/host-b/pools", nil),
        ("GET", "/patchbay/v1/hosts/host-b/pci_devices", nil), ("GET", "/patchbay/v1/hosts/host-a/pci_devices", nil),
        ("GET", "/patchbay/v1/servers/{server}/domain", nil), ("POST", "/patchbay/v1/hosts/host-a/credentials", [:]),
        ("PUT", "/patchbay/v1/hosts/host-b/servers/{server}/console", ["output": "not mine"]),
        ("POST", "/patchbay/v1/hosts/host-b/taps", ["tap_flows": []]),
        ("POST", "/compute/v2.1/servers/{server}/action", ["os-getConsoleOutput": ["length": 5]]),
    ]

    @Test("a host credential gets 403 on tenant and admin APIs")
    func hostCredentialElsewhere_Fails() async throws {
        try await withTokenServer { _, keystone in
            let admin = try await keystone.admin()
            let network = try await admin.post("/network/v2.0/networks", ["network": ["name": "n1"]])
            let net = try #require(network.json["network"]?["id"]?.stringValue)
            let port = try await admin.post("/network/v2.0/ports", ["port": ["network_id": .string(net)]])
            let portId = try #require(port.json["port"]?["id"]?.stringValue)
            _ = try await admin.post("/patchbay/v1/hosts/host-b/inventory", ["vcpus": 4, "memory_mb": 4096])
            let hostA = try await keystone.hostClient("host-a", admin: admin)
            for endpoint in Self.elsewhere {
                let path = endpoint.path.replacingOccurrences(of: "{net}", with: net)
                    .replacingOccurrences(of: "{port}", with: portId)
                    .replacingOccurrences(of: "{server}", with: UUIDv4.make())
                let reply = try await hostA.send(endpoint.method, path, endpoint.body)
                #expect(reply.status == 403, "\(endpoint.method) \(path): \(reply.status) \(reply.json)")
            }
            #expect(try await admin.get("/network/v2.0/ports/\(portId)").json["port"]?["binding:host_id"] == "")
        }
    }

    @Test("a caller whose only role is not a reader role lists nothing, not even its own project's")
    func callerWithoutReaderRole_Fails() async throws {
        try await withTokenServer { _, keystone in
            let admin = try await keystone.admin()
            // The host role granted by hand to an ordinary user: no host recorded, so no host to act for.
            let (plain, projectId) = try await keystone.member(project: "p1", user: "bob", role: "patchbay_host", admin: admin)
            _ = try await admin.post("/network/v2.0/networks", ["network": ["name": "p1-net", "project_id": .string(projectId)]])
            for collection in ["networks", "subnets", "ports"] {
                let reply = try await plain.get("/network/v2.0/\(collection)")
                #expect(reply.status == 403, "\(collection): \(reply.json)")
            }
            #expect(try await plain.get("/patchbay/v1/hosts/host-a/desired").status == 403)
        }
    }

    @Test("roles an admin grants a host user on top stay unused: it is still confined to its host")
    func extraGrantsOnAHostUser_Fails() async throws {
        try await withTokenServer { _, keystone in
            let admin = try await keystone.admin()
            try await HostCredentialAPITests.reportHosts(admin, "host-a")
            let credential = try await keystone.mintHostCredential("host-a", admin: admin)
            let users = try await admin.get("/identity/v3/users?name=\(credential.username)")
            let userId = try #require(users.json["users"]?.arrayValue?.first?["id"]?.stringValue)
            let roles = try await admin.get("/identity/v3/roles?name=admin")
            let adminRole = try #require(roles.json["roles"]?.arrayValue?.first?["id"]?.stringValue)
            let projects = try await admin.get("/identity/v3/projects?name=service")
            let service = try #require(projects.json["projects"]?.arrayValue?.first?["id"]?.stringValue)
            #expect(try await admin.put("/identity/v3/projects/\(service)/users/\(userId)/roles/\(adminRole)").status == 204)
            let hostA = try await keystone.client(credential)
            #expect(try await hostA.get("/network/v2.0/ports").status == 403)
            #expect(try await hostA.get("/patchbay/v1/hosts/host-b/desired").status == 403)
            #expect(try await hostA.get("/patchbay/v1/hosts/host-a/desired").status == 200)
        }
    }
}
