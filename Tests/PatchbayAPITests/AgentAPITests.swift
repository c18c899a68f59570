import PatchbayCore
import PatchbayTesting
import Testing

/// Agents over HTTP (report, list, show, update, delete, liveness) and port status driven by the
/// host device reports.
@Suite struct AgentAPITests {
    typealias P = PortAPI

    // MARK: Agents

    @Test func report_RegistersAnAliveAgent() async throws {
        try await P.withServer { _, client in
            let reported = try await P.reportAgent(client, type: "NIC Switch agent", devices: ["physnet1": ["ens1f0", "ens1f1"]])
            let list = try await client.get("\(P.v2)/agents")
            #expect(list.status == 200)
            let agents = try #require(list.json["agents"]?.arrayValue)
            #expect(agents.count == 1)
            let agent = try #require(agents.first)
            #expect(agent["id"] == reported["id"])
            #expect(agent["agent_type"] == "NIC Switch agent")
            #expect(agent["host"] == "compute1")
            #expect(agent["alive"] == true)
            #expect(agent["admin_state_up"] == true)
            #expect(agent["configurations"]?["device_mappings"] == ["physnet1": ["ens1f0", "ens1f1"]])
            #expect(agent["configurations"]?["interface_mappings"] == [:])
            let shown = try await client.get("\(P.v2)/agents/\(try #require(reported["id"]?.stringValue))")
            #expect(shown.status == 200)
            #expect(shown.json["agent"] == .object(try #require(agent.objectValue)))
        }
    }

    @Test func secondReport_UpdatesInPlace_AndOtherTypesAreSeparate() async throws {
        try await P.withServer { server, client in
            let first = try await P.sriovAgent(client)
            server.clock.advance(by: 30)
            let second = try await P.sriovAgent(client, physnet: "physnet2")
            #expect(second["id"] == first["id"])
            #expect(second["created_at"] == first["created_at"])
            #expect(second["heartbeat_timestamp"] != first["heartbeat_timestamp"])
            #expect(second["configurations"]?["device_mappings"] == ["physnet2": ["ens1f0"]])
            let bridge = try await P.reportAgent(client, type: "Linux bridge agent", bridges: ["physnet1": "ens3"])
            #expect(bridge["id"] != first["id"])
            #expect(P.ids(try await client.get("\(P.v2)/agents"), "agents").count == 2)
        }
    }

    @Test func report_Fails() async throws {
        try await P.withServer { _, client in
            let badType = try await client.post("/patchbay/v1/agents/report", ["agent": ["agent_type": "Open vSwitch agent", "host": "c1"]])
            #expect(badType.status == 400)
            #expect(badType.errorType == "InvalidInput")
            #expect(badType.errorMessage?.contains("agent_type must be one of") == true)
            let noHost = try await client.post("/patchbay/v1/agents/report", ["agent": ["agent_type": "Macvtap agent"]])
            #expect(noHost.status == 400)
            #expect(noHost.errorMessage?.contains("host is required") == true)
            let badMapping = try await client.post("/patchbay/v1/agents/report", ["agent": [
                "agent_type": "Macvtap agent", "host": "c1", "configurations": ["interface_mappings": ["physnet1": 7]]]])
            #expect(badMapping.status == 400)
            #expect(badMapping.errorMessage?.contains("configurations.interface_mappings.physnet1 must be a string") == true)
            let member = try await client.acting(project: "demo", roles: "member")
                .post("/patchbay/v1/agents/report", ["agent": ["agent_type": "Macvtap agent", "host": "c1"]])
            #expect(member.status == 403)
            #expect(member.errorType == "PolicyNotAuthorized")
            #expect(P.ids(try await client.get("\(P.v2)/agents"), "agents").isEmpty)
        }
    }

    @Test func nonAdmin_SeesNoAgents() async throws {
        try await P.withServer { _, client in
            let id = try #require(try await P.sriovAgent(client)["id"]?.stringValue)
            let member = client.acting(project: "demo", roles: "member")
            let list = try await member.get("\(P.v2)/agents")
            #expect(list.status == 200)
            #expect(list.json == ["agents": []])
            for reply in [try await member.get("\(P.v2)/agents/\(id)"),
                          try await member.put("\(P.v2)/agents/\(id)", ["agent": ["admin_state_up": false]]),
                          try await member.delete("\(P.v2)/agents/\(id)")] {
                #expect(reply.status == 404)
                #expect(reply.errorType == "AgentNotFound")
            }
            #expect(try await client.get("\(P.v2)/agents/\(id)").json["agent"]?["admin_state_up"] == true)
        }
    }

    @Test func update_AdminStateAndDescription() async throws {
        try await P.withServer { _, client in
            let id = try #require(try await P.sriovAgent(client)["id"]?.stringValue)
            let reply = try await client.put("\(P.v2)/agents/\(id)", ["agent": ["admin_state_up": false, "description": "rack 4"]])
            #expect(reply.status == 200)
            #expect(reply.json["agent"]?["admin_state_up"] == false)
            #expect(reply.json["agent"]?["description"] == "rack 4")
            #expect(try await client.get("\(P.v2)/agents/\(id)").json["agent"]?["description"] == "rack 4")
            let readOnly = try await client.put("\(P.v2)/agents/\(id)", ["agent": ["host": "elsewhere"]])
            #expect(readOnly.status == 400)
            #expect(readOnly.errorMessage == "Cannot update read-only attribute host")
            let missing = try await client.put("\(P.v2)/agents/no-such-agent", ["agent": ["description": "x"]])
            #expect(missing.status == 404)
            #expect(missing.errorType == "AgentNotFound")
        }
    }

    @Test func delete_ThenNotFound() async throws {
        try await P.withServer { _, client in
            let id = try #require(try await P.sriovAgent(client)["id"]?.stringValue)
            let deleted = try await client.delete("\(P.v2)/agents/\(id)")
            #expect(deleted.status == 204)
            #expect(deleted.json == .null)
            let shown = try await client.get("\(P.v2)/agents/\(id)")
            #expect(shown.status == 404)
            #expect(shown.errorType == "AgentNotFound")
            #expect(try await client.delete("\(P.v2)/agents/\(id)").status == 404)
        }
    }

    @Test func alive_FollowsTheHeartbeat() async throws {
        try await P.withServer { server, client in
            let id = try #require(try await P.sriovAgent(client)["id"]?.stringValue)
            server.clock.advance(by: 75)
            #expect(try await client.get("\(P.v2)/agents/\(id)").json["agent"]?["alive"] == true)
            server.clock.advance(by: 1)
            #expect(try await client.get("\(P.v2)/agents/\(id)").json["agent"]?["alive"] == false)
            #expect(P.ids(try await client.get("\(P.v2)/agents?alive=false"), "agents") == [id])
            try await P.sriovAgent(client)
            #expect(try await client.get("\(P.v2)/agents/\(id)").json["agent"]?["alive"] == true)
        }
    }

    // MARK: Port status from device reports

    /// A port bound through the Linux bridge agent on compute1; returns its id.
    static func boundPort(_ client: APIClient) async throws -> String {
        try await P.reportAgent(client, type: "Linux bridge agent", bridges: ["physnet1": "ens3"])
        let (network, _) = try await P.networkWithSubnet(client)
        let port = try await P.port(client, network: network, ["binding:host_id": "compute1"])
        #expect(port["binding:vif_type"] == "bridge")
        #expect(port["status"] == "DOWN")
        return try #require(port["id"]?.stringValue)
    }

    static func devices(_ client: APIClient, host: String = "compute1", up: [String] = [], down: [String] = []) async throws -> APIClient.Reply {
        try await client.post("/patchbay/v1/hosts/\(host)/devices",
                              ["up": .array(up.map(JSONValue.string)), "down": .array(down.map(JSONValue.string))])
    }

    @Test func deviceUpAndDown_MoveTheStatus() async throws {
        try await P.withServer { _, client in
            let id = try await Self.boundPort(client)
            let up = try await Self.devices(client, up: [id])
            #expect(up.status == 200)
            #expect(up.json == ["updated": [.string(id)], "failed": [:]])
            #expect(try await P.showPort(client, id)["status"] == "ACTIVE")
            let down = try await Self.devices(client, down: [id])
            #expect(down.json["updated"] == [.string(id)])
            #expect(try await P.showPort(client, id)["status"] == "DOWN")
            // Rebinding (here: unbinding) an ACTIVE port puts it back to DOWN.
            _ = try await Self.devices(client, up: [id])
            let unbound = try await P.updatePort(client, id, ["binding:host_id": ""])
            #expect(unbound.json["port"]?["status"] == "DOWN")
            #expect(unbound.json["port"]?["binding:vif_type"] == "unbound")
        }
    }

    @Test func deviceReport_WrongHostUnboundOrFailed_Fails() async throws {
        try await P.withServer { _, client in
            let bound = try await Self.boundPort(client)
            let network = try #require(try await P.showPort(client, bound)["network_id"]?.stringValue)
            let unbound = try #require(try await P.port(client, network: network)["id"]?.stringValue)
            let failed = try #require(try await P.port(client, network: network, ["binding:host_id": "compute1", "binding:vnic_type": "direct"])["id"]?.stringValue)
            let elsewhere = try await Self.devices(client, host: "compute2", up: [bound])
            #expect(elsewhere.status == 200)
            #expect(elsewhere.json["updated"] == [])
            #expect(elsewhere.json["failed"]?[bound]?.stringValue?.contains("bound to host 'compute1', not 'compute2'") == true)
            let missing = UUIDv4.make()
            let local = try await Self.devices(client, up: [unbound, failed, missing])
            #expect(local.json["updated"] == [])
            #expect(local.json["failed"]?[unbound] == "port is not bound (unbound)")
            #expect(local.json["failed"]?[failed]?.stringValue == "port is not bound (binding_failed)")
            #expect(local.json["failed"]?[missing] == "no such port")
            for id in [bound, unbound, failed] { #expect(try await P.showPort(client, id)["status"] == "DOWN") }
        }
    }

    @Test func deviceUp_OnAdminDownPort_StaysDown() async throws {
        try await P.withServer { _, client in
            let id = try await Self.boundPort(client)
            _ = try await P.updatePort(client, id, ["admin_state_up": false])
            #expect(try await Self.devices(client, up: [id]).json["updated"] == [.string(id)])
            #expect(try await P.showPort(client, id)["status"] == "DOWN")
        }
    }

    @Test func deviceReport_ByMember_Fails() async throws {
        try await P.withServer { _, client in
            let id = try await Self.boundPort(client)
            let reply = try await Self.devices(client.acting(project: "admin", roles: "member"), up: [id])
            #expect(reply.status == 403)
            #expect(reply.errorType == "PolicyNotAuthorized")
            #expect(try await P.showPort(client, id)["status"] == "DOWN")
            let malformed = try await client.post("/patchbay/v1/hosts/compute1/devices", ["up": [1, 2]])
            #expect(malformed.status == 400)
            #expect(malformed.errorMessage?.contains("'up' must be a list of port ids") == true)
        }
    }
}
