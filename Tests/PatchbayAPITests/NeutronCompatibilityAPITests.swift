import PatchbayCore
import PatchbayTesting
import Testing

/// Details real clients (tempest among them) depend on, found by running them against Patchbay.
@Suite("Neutron compatibility details")
struct NeutronCompatibilityAPITests {
    private func id(_ reply: APIClient.Reply, _ member: String) throws -> String {
        try #require(reply.json[member]?["id"]?.stringValue, "no \(member) in \(JSONWriter.string(reply.json))")
    }

    @Test("If-Match: revision_number=N guards updates and deletes with 412 on a stale revision")
    func revisionPrecondition_Fails() async throws {
        try await withNetworkAPIServer { _, client in
            let networkId = try id(try await client.post("/network/v2.0/networks", ["network": ["name": "r"]]), "network")
            var guarded = client
            guarded.headers["If-Match"] = "revision_number=7"
            let stale = try await guarded.put("/network/v2.0/networks/\(networkId)", ["network": ["name": "x"]])
            #expect(stale.status == 412)
            #expect(stale.errorType == "RevisionNumberConstraintFailed")
            #expect(try await guarded.delete("/network/v2.0/networks/\(networkId)").status == 412)
            guarded.headers["If-Match"] = "revision_number=1"
            let fresh = try await guarded.put("/network/v2.0/networks/\(networkId)", ["network": ["name": "x"]])
            #expect(fresh.status == 200)
            #expect(fresh.json["network"]?["revision_number"] == 2)
        }
    }

    @Test("creating and deleting a subnet bumps its network's revision")
    func subnetBumpsNetworkRevision() async throws {
        try await withNetworkAPIServer { _, client in
            let networkId = try id(try await client.post("/network/v2.0/networks", ["network": ["name": "r"]]), "network")
            let subnetId = try id(try await client.post("/network/v2.0/subnets", ["subnet": [
                "network_id": .string(networkId), "ip_version": 4, "cidr": "10.1.0.0/24"]]), "subnet")
            #expect(try await client.get("/network/v2.0/networks/\(networkId)").json["network"]?["revision_number"] == 2)
            #expect(try await client.delete("/network/v2.0/subnets/\(subnetId)").status == 204)
            #expect(try await client.get("/network/v2.0/networks/\(networkId)").json["network"]?["revision_number"] == 3)
        }
    }

    @Test("external networks are visible to every project, their subnets only when shared")
    func externalNetworkVisibility() async throws {
        try await withNetworkAPIServer { _, admin in
            let networkId = try id(try await admin.post("/network/v2.0/networks", ["network": [
                "name": "public", "router:external": true]]), "network")
            _ = try await admin.post("/network/v2.0/subnets", ["subnet": [
                "network_id": .string(networkId), "ip_version": 4, "cidr": "172.24.4.0/24"]])
            let member = admin.acting(project: "tenant", roles: "member")
            #expect(try await member.get("/network/v2.0/networks/\(networkId)").status == 200)
            let names = try await member.get("/network/v2.0/networks").json["networks"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
            #expect(names == ["public"])
            #expect(try await member.get("/network/v2.0/subnets").json["subnets"]?.arrayValue?.isEmpty == true)
            let port = try await member.post("/network/v2.0/ports", ["port": ["network_id": .string(networkId)]])
            #expect(port.status == 403, "only the owner plugs ports into a non-shared external network")
        }
    }

    @Test("subnets filter on their network's hidden 'shared' flag, which is never shown")
    func subnetSharedFilter() async throws {
        try await withNetworkAPIServer { _, client in
            for (name, shared) in [("s", true), ("p", false)] {
                let networkId = try id(try await client.post("/network/v2.0/networks", ["network": [
                    "name": .string(name), "shared": .bool(shared)]]), "network")
                _ = try await client.post("/network/v2.0/subnets", ["subnet": [
                    "network_id": .string(networkId), "ip_version": 4, "cidr": .string(shared ? "10.2.0.0/24" : "10.3.0.0/24")]])
            }
            let sharedOnly = try await client.get("/network/v2.0/subnets?shared=True")
            #expect(sharedOnly.json["subnets"]?.arrayValue?.compactMap { $0["cidr"]?.stringValue } == ["10.2.0.0/24"])
            #expect(sharedOnly.json["subnets"]?.arrayValue?.first?["shared"] == nil)
            let privateOnly = try await client.get("/network/v2.0/subnets?shared=False")
            #expect(privateOnly.json["subnets"]?.arrayValue?.compactMap { $0["cidr"]?.stringValue } == ["10.3.0.0/24"])
        }
    }

    @Test("bulk items may be wrapped in their member key")
    func wrappedBulk() async throws {
        try await withNetworkAPIServer { _, client in
            let networkId = try id(try await client.post("/network/v2.0/networks", ["network": ["name": "b"]]), "network")
            let reply = try await client.post("/network/v2.0/ports", ["ports": [
                ["port": ["network_id": .string(networkId), "name": "one"]],
                ["port": ["network_id": .string(networkId), "name": "two"]]]])
            #expect(reply.status == 201)
            #expect(reply.json["ports"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["one", "two"])
        }
    }

    @Test("a SLAAC subnet deletes while ports hold its EUI-64 addresses, which are removed from them")
    func slaacSubnetDelete() async throws {
        try await withNetworkAPIServer { _, client in
            let networkId = try id(try await client.post("/network/v2.0/networks", ["network": ["name": "v6"]]), "network")
            let subnetId = try id(try await client.post("/network/v2.0/subnets", ["subnet": [
                "network_id": .string(networkId), "ip_version": 6, "cidr": "2001:db8:5::/64",
                "ipv6_ra_mode": "slaac", "ipv6_address_mode": "slaac"]]), "subnet")
            let portId = try id(try await client.post("/network/v2.0/ports", ["port": ["network_id": .string(networkId)]]), "port")
            #expect(try await client.get("/network/v2.0/ports/\(portId)").json["port"]?["fixed_ips"]?.arrayValue?.count == 1)
            #expect(try await client.delete("/network/v2.0/subnets/\(subnetId)").status == 204)
            #expect(try await client.get("/network/v2.0/ports/\(portId)").json["port"]?["fixed_ips"] == [])
        }
    }

    @Test("address pairs need port security; only the network owner sets port security or pairs")
    func portSecurityRules_Fail() async throws {
        try await withNetworkAPIServer { _, admin in
            let networkId = try id(try await admin.post("/network/v2.0/networks", ["network": ["name": "s", "shared": true]]), "network")
            let conflict = try await admin.post("/network/v2.0/ports", ["port": [
                "network_id": .string(networkId), "port_security_enabled": false,
                "allowed_address_pairs": [["ip_address": "10.0.0.9"]]]])
            #expect(conflict.status == 409)
            #expect(conflict.errorType == "AddressPairAndPortSecurityRequired")
            let other = admin.acting(project: "other", roles: "member")
            for body: JSONValue in [["port_security_enabled": false], ["allowed_address_pairs": [["ip_address": "10.0.0.9"]]]] {
                var port = body.objectValue ?? [:]
                port["network_id"] = .string(networkId)
                let denied = try await other.post("/network/v2.0/ports", ["port": .object(port)])
                #expect(denied.status == 403)
                #expect(denied.errorType == "PolicyNotAuthorized")
            }
        }
    }

    @Test("the network owner sees and deletes ports others created on its network")
    func networkOwnerPorts() async throws {
        try await withNetworkAPIServer { _, admin in
            let owner = admin.acting(project: "owner", roles: "member")
            let networkId = try id(try await owner.post("/network/v2.0/networks", ["network": ["name": "o"]]), "network")
            let portId = try id(try await admin.post("/network/v2.0/ports", ["port": ["network_id": .string(networkId)]]), "port")
            #expect(try await owner.get("/network/v2.0/ports/\(portId)").status == 200)
            #expect(try await admin.acting(project: "third", roles: "member").get("/network/v2.0/ports/\(portId)").status == 404)
            #expect(try await owner.delete("/network/v2.0/ports/\(portId)").status == 204)
        }
    }

    @Test("trusted (port-trusted-vif) is admin-only and lives in binding:profile")
    func trustedAttribute() async throws {
        try await withNetworkAPIServer { _, admin in
            let networkId = try id(try await admin.post("/network/v2.0/networks", ["network": ["name": "t"]]), "network")
            let port = try await admin.post("/network/v2.0/ports", ["port": ["network_id": .string(networkId), "trusted": true]])
            #expect(port.json["port"]?["trusted"] == true)
            #expect(port.json["port"]?["binding:profile"]?["trusted"] == true)
            let portId = try id(port, "port")
            let cleared = try await admin.put("/network/v2.0/ports/\(portId)", ["port": ["trusted": false]])
            #expect(cleared.json["port"]?["binding:profile"]?["trusted"] == false)
            let member = admin.acting(project: "admin", roles: "member")
            let denied = try await member.put("/network/v2.0/ports/\(portId)", ["port": ["trusted": true]])
            #expect(denied.status == 403)
        }
    }

    @Test("mac_address: null regenerates an unbound port's MAC")
    func macRegenerate() async throws {
        try await withNetworkAPIServer { _, admin in
            let networkId = try id(try await admin.post("/network/v2.0/networks", ["network": ["name": "m"]]), "network")
            let port = try await admin.post("/network/v2.0/ports", ["port": ["network_id": .string(networkId)]])
            let old = try #require(port.json["port"]?["mac_address"]?.stringValue)
            let updated = try await admin.put("/network/v2.0/ports/\(try id(port, "port"))", ["port": ["mac_address": nil]])
            let new = try #require(updated.json["port"]?["mac_address"]?.stringValue)
            #expect(new != old)
            #expect(new.hasPrefix("fa:16:3e:"))
        }
    }
}
