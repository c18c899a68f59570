import PatchbayAPI
import PatchbayCore
import PatchbayTesting
import Testing

/// Interface attach and detach over HTTP: the VF claim on the server's host, the binding and
/// domain XML, the detach the agent confirms, and the failures that leave nothing behind.
@Suite struct ServerHotPlugAPITests {
    typealias C = ComputeAPI
    typealias B = ServerBootAPI
    typealias P = ServerPowerAPI

    static func attach(_ client: APIClient, _ id: String, _ body: JSONValue) async throws -> APIClient.Reply {
        try await client.post("\(C.v21)/servers/\(id)/os-interface", ["interfaceAttachment": body])
    }

    static func attachedPorts(_ client: APIClient, _ id: String) async throws -> [String] {
        let reply = try await client.get("\(C.v21)/servers/\(id)/os-interface")
        return (reply.json["interfaceAttachments"]?.arrayValue ?? []).compactMap { $0["port_id"]?.stringValue }
    }

    @Test func attachDirectPort_ClaimsVF_BindsIt_RendersHostdev() async throws {
        try await C.withServer { _, client in
            try await C.fixtureHost(client)
            let flavor = try await C.flavor(client)
            let (network, vlan) = try await B.vlanNetwork(client)
            let (id, _) = try await C.boot(client, flavor: flavor, networks: [["uuid": .string(network)]])
            let portId = try await B.port(client, network: network)
            let reply = try await Self.attach(client, id, ["port_id": .string(portId)])
            #expect(reply.status == 200, "\(reply.json)")
            let attachment = try #require(reply.json["interfaceAttachment"])
            #expect(attachment["port_id"] == .string(portId) && attachment["net_id"] == .string(network))
            #expect(attachment["mac_addr"]?.stringValue?.isEmpty == false && attachment["fixed_ips"]?.arrayValue?.count == 1)
            #expect(attachment["port_state"] != nil)

            let port = try await PortAPI.showPort(client, portId)
            #expect(port["binding:host_id"] == "compute1" && port["device_id"] == .string(id) && port["binding:vif_type"] == "hw_veb")
            let slot = try #require(port["binding:profile"]?["pci_slot"]?.stringValue)
            #expect(port["binding:profile"]?["user_key"] == "kept" && port["binding:profile"]?["physical_network"] == "physnet1")
            let devices = try await C.devices(client)
            #expect(devices[slot]?["state"] == "allocated" && devices[slot]?["server_id"] == .string(id)
                    && devices[slot]?["port_id"] == .string(portId), "\(devices[slot] ?? .null)")
            let xml = try await B.domainXML(client, id)
            #expect(xml.contains("<interface type='hostdev' managed='yes'>") && xml.contains(B.xmlAddress(slot, typed: true)), "\(xml)")
            #expect(xml.contains("<tag id='\(vlan)'/>") && xml.contains("<mac address='\(port["mac_address"]?.stringValue ?? "?")'/>"))
            #expect(try await Self.attachedPorts(client, id).count == 2)
            #expect(try await P.desiredGuest(client, id)["domain_xml"] == .string(xml), "the agent gets the new domain")

            let again = try await Self.attach(client, id, ["port_id": .string(portId)])
            #expect(again.status == 409, "attaching an attached port: \(again.json)")
            let (other, _) = try await C.boot(client, name: "vm2", flavor: flavor, networks: [["uuid": .string(network)]])
            let held = try await Self.attach(client, other, ["port_id": .string(portId)])
            #expect(held.status == 409 && C.fault(held)?.key == "conflictingRequest", "a port another server holds: \(held.json)")
        }
    }

    @Test func attachByNetwork_CreatesPort_DetachWithoutAgentDeletesIt() async throws {
        try await C.withServer { _, client in
            try await C.fixtureHost(client)
            let flavor = try await C.flavor(client)
            let (network, _) = try await B.vlanNetwork(client)
            let (id, _) = try await C.boot(client, flavor: flavor, networks: [["uuid": .string(network)]])
            let reply = try await Self.attach(client, id, ["net_id": .string(network), "fixed_ips": [["ip_address": "10.0.0.77"]]])
            #expect(reply.status == 200, "\(reply.json)")
            let portId = try #require(reply.json["interfaceAttachment"]?["port_id"]?.stringValue)
            #expect(reply.json["interfaceAttachment"]?["fixed_ips"]?.arrayValue?.first?["ip_address"] == "10.0.0.77")
            let port = try await PortAPI.showPort(client, portId)
            #expect(port["device_owner"] == "compute:nova" && port["binding:host_id"] == "compute1")
            #expect(try await B.domainXML(client, id).contains(port["mac_address"]?.stringValue ?? "?"))

            let detached = try await client.delete("\(C.v21)/servers/\(id)/os-interface/\(portId)")
            #expect(detached.status == 202, "\(detached.json)")
            #expect(try await client.get("/network/v2.0/ports/\(portId)").status == 404, "the port the attach created is deleted")
            #expect(try await Self.attachedPorts(client, id).count == 1)
            #expect(!(try await B.domainXML(client, id).contains(port["mac_address"]?.stringValue ?? "?")))
            let missing = try await client.delete("\(C.v21)/servers/\(id)/os-interface/\(portId)")
            #expect(missing.status == 404 && C.fault(missing)?.key == "itemNotFound", "\(missing.json)")

            let (stoppedId, _) = try await C.boot(client, name: "vm2", flavor: flavor, networks: [["uuid": .string(network)]])
            #expect(try await P.act(client, stoppedId, "os-stop").status == 202)
            let onStopped = try await Self.attach(client, stoppedId, ["net_id": .string(network)])
            #expect(onStopped.status == 200, "a SHUTOFF server takes interfaces too: \(onStopped.json)")
        }
    }

    @Test func detachWithAgent_HoldsVFUntilTheGuestLetsGo() async throws {
        let server = try await TestServer.start(yaml: C.yaml(), clock: ManualClock(), waitForAgent: true)
        let client = APIClient(baseURL: server.baseURL)
        do {
            let (agent, id, network, _) = try await P.settledServer(client)
            let portId = try await B.port(client, network: network)
            #expect(try await Self.attach(client, id, ["port_id": .string(portId)]).status == 200)
            try await agent.pass()
            let slot = try #require(try await PortAPI.showPort(client, portId)["binding:profile"]?["pci_slot"]?.stringValue)

            // A power task under way refuses hot plug.
            #expect(try await P.act(client, id, "os-stop").status == 202)
            let busy = try await client.delete("\(C.v21)/servers/\(id)/os-interface/\(portId)")
            #expect(busy.status == 409 && C.fault(busy)?.message.contains("task_state powering-off") == true, "\(busy.json)")
            try await P.settle(agent, client, id)

            let detached = try await client.delete("\(C.v21)/servers/\(id)/os-interface/\(portId)")
            #expect(detached.status == 202, "\(detached.json)")
            #expect(try await Self.attachedPorts(client, id).count == 1, "gone from the list at once")
            #expect(!(try await B.domainXML(client, id).contains(B.xmlAddress(slot, typed: true))), "and from the domain")
            var holding = agent
            holding.holding = [portId]
            try await holding.pass()
            #expect(try await C.devices(client)[slot]?["server_id"] == .string(id), "the guest still holds the VF")
            #expect(try await PortAPI.showPort(client, portId)["binding:host_id"] == "compute1")
            try await agent.pass()
            #expect(try await C.devices(client)[slot]?["state"] == "available", "freed once the agent reports it gone")
            try await B.expectUnbound(client, portId)
            try await server.stop()
            let audit = try await StoreAudit.read(server.databasePath)
            #expect(audit.heldDevices.isEmpty && audit.reservedPorts[portId] == nil)
        } catch {
            try? await server.stop()
            throw error
        }
    }

    @Test func attachDirectPort_NoFreeVF_ClaimFailed_NothingHeld_Fails() async throws {
        let server = try await TestServer.start(yaml: C.yaml(), clock: ManualClock())
        let client = APIClient(baseURL: server.baseURL)
        do {
            try await C.fixtureHost(client, vfs: 1)
            let flavor = try await C.flavor(client)
            let (network, _) = try await B.vlanNetwork(client)
            let (first, _) = try await C.boot(client, flavor: flavor, networks: [["port": .string(try await B.port(client, network: network))]])
            let (id, _) = try await C.boot(client, name: "vm2", flavor: flavor, networks: [["uuid": .string(network)]])
            let before = try await B.domainXML(client, id)
            let portId = try await B.port(client, network: network)
            let reply = try await Self.attach(client, id, ["port_id": .string(portId)])
            #expect(reply.status == 400, "\(reply.json)")
            #expect(C.fault(reply)?.key == "badRequest")
            #expect(C.fault(reply)?.message == "Failed to claim PCI device for \(id) during interface attach: no free VF on physnet1 on its host",
                    "\(reply.json)")
            try await B.expectUnbound(client, portId)
            #expect(try await Self.attachedPorts(client, id).count == 1)
            #expect(try await B.domainXML(client, id) == before)
            try await server.stop()
            let audit = try await StoreAudit.read(server.databasePath)
            #expect(audit.heldDevices.map(\.server) == [first], "only the first server's VF is held: \(audit.heldDevices)")
            #expect(audit.reservedPorts[portId] == nil && !audit.boundPorts.contains(portId))
        } catch {
            try? await server.stop()
            throw error
        }
    }

    // The limit catches a hang, not slowness: in test.sh's PostgreSQL pass this test shares two
    // cores with every other API suite and has taken 47-140 s.
    @Test(.timeLimit(.minutes(4)))
    func concurrentAttaches_RaceForTheLastVF_ExactlyOneWins() async throws {
        try await C.withServer { _, client in
            try await C.fixtureHost(client, vfs: 1)
            let flavor = try await C.flavor(client)
            let (network, _) = try await B.vlanNetwork(client)
            var pairs: [(String, String)] = []
            for index in 0..<4 {
                let (id, _) = try await C.boot(client, name: "vm\(index)", flavor: flavor, networks: [["uuid": .string(network)]])
                pairs.append((id, try await B.port(client, network: network)))
            }
            let attempts = pairs
            let statuses = try await withThrowingTaskGroup(of: (String, Int).self) { group in
                for (id, portId) in attempts {
                    group.addTask { (id, try await Self.attach(client, id, ["port_id": .string(portId)]).status) }
                }
                return try await group.reduce(into: [String: Int]()) { $0[$1.0] = $1.1 }
            }
            #expect(statuses.values.sorted() == [200, 400, 400, 400], "\(statuses)")
            let winner = try #require(statuses.first { $0.value == 200 }?.key)
            let held = try await C.devices(client).values.filter { $0["state"] == "allocated" }
            #expect(held.map { $0["server_id"] } == [.string(winner)], "\(held)")
            for (id, portId) in pairs where id != winner {
                try await B.expectUnbound(client, portId)
                #expect(try await Self.attachedPorts(client, id).count == 1)
            }
        }
    }
}
