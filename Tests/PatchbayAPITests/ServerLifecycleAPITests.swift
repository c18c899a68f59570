import Foundation
import PatchbayAPI
import PatchbayCore
import PatchbayTesting
import Testing

/// The lifecycle acceptance races: deletes racing builds, and the last units of RAM and VFs,
/// checked over HTTP and then against the store.
@Suite struct ServerLifecycleAPITests {
    typealias C = ComputeAPI
    typealias B = ServerBootAPI

    /// Polls until `GET /servers/{id}` answers 404 for every id (at most 30 s).
    static func waitUntilGone(_ client: APIClient, _ ids: [String]) async throws {
        var left = Set(ids)
        for _ in 0..<300 where !left.isEmpty {
            for id in left where try await client.get("\(C.v21)/servers/\(id)").status == 404 { left.remove(id) }
            if !left.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(left.isEmpty, "servers never freed: \(left.sorted())")
    }

    /// The fixture host with its agents, a flavor, a VLAN network and a direct port, and a server
    /// booted on the port (accepted, not waited for).
    static func bootOnDirectPort(_ client: APIClient) async throws -> (server: String, port: String) {
        try await C.fixtureHost(client)
        let flavor = try await C.flavor(client)
        let (network, _) = try await B.vlanNetwork(client)
        let port = try await B.port(client, network: network)
        let created = try await C.postServer(client, flavor: flavor, networks: [["port": .string(port)]])
        return (try #require(created.json["server"]?["id"]?.stringValue), port)
    }

    @Test(.timeLimit(.minutes(5)))
    func fortyEightBootsDeletedBySixteenClients_NoneComesBack_EverythingFreed() async throws {
        let server = try await TestServer.start(yaml: C.yaml(), clock: ManualClock(), waitForAgent: true)
        let client = APIClient(baseURL: server.baseURL)
        var stopped = false
        do {
            try await C.fixtureHost(client, vfs: 48)
            let flavor = try await C.flavor(client, ram: 512, vcpus: 1)
            let (network, _) = try await B.vlanNetwork(client)
            var created: [String] = []
            for _ in 0..<48 { created.append(try await B.port(client, network: network)) }
            let ports = created
            let agent = ScriptedAgent(client: client, host: "compute1").start()

            let ids = try await withThrowingTaskGroup(of: [String].self) { group in
                for worker in 0..<16 {
                    group.addTask {
                        var mine: [String] = []
                        for index in 0..<3 {
                            let port = ports[worker * 3 + index]
                            let created = try await C.postServer(client, name: "d-\(worker)-\(index)", flavor: flavor,
                                                                 networks: [["port": .string(port)]])
                            #expect(created.status == 202, "\(created.json)")
                            let id = try #require(created.json["server"]?["id"]?.stringValue)
                            let deleted = try await client.delete("\(C.v21)/servers/\(id)")
                            #expect(deleted.status == 204, "\(deleted.json)")
                            let listed = try await client.get("\(C.v21)/servers")
                            #expect(!(listed.json["servers"]?.arrayValue ?? []).contains { $0["id"]?.stringValue == id },
                                    "a deleted server is gone from lists at once")
                            mine.append(id)
                        }
                        return mine
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(ids.count == 48)
            try await Self.waitUntilGone(client, ids)
            agent.cancel()
            await agent.value
            // Whatever was still in flight has had its chance to come back.
            try await Task.sleep(for: .milliseconds(500))
            let listed = try await client.get("\(C.v21)/servers/detail")
            #expect(listed.json["servers"]?.arrayValue?.isEmpty == true, "\(listed.json)")
            try await server.stop()
            stopped = true

            let audit = try await StoreAudit.read(server.databasePath)
            #expect(audit.servers.isEmpty, "server rows left: \(audit.servers)")
            #expect(audit.heldDevices.isEmpty, "devices still held: \(audit.heldDevices)")
            #expect(audit.ramByHost.values.allSatisfy { $0 == 0 })
            #expect(audit.reservedPorts.isEmpty, "ports still reserved: \(audit.reservedPorts)")
            #expect(audit.boundPorts.isEmpty, "ports still bound: \(audit.boundPorts)")
            #expect(audit.ports == Set(ports), "the users' ports are kept, nothing else is left")
        } catch {
            if !stopped { try? await server.stop() }
            throw error
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func sixtyFourVirtioBootsForRAMOfSixteen_ExactlySixteenPlaced() async throws {
        let server = try await TestServer.start(yaml: C.yaml(), clock: ManualClock())
        let client = APIClient(baseURL: server.baseURL)
        var stopped = false
        do {
            try await C.reportHost(client, vfs: 0, vcpus: 256, memoryMB: 16 * 1024)
            try await C.registerAgents(client)
            let flavor = try await C.flavor(client, ram: 1024, vcpus: 1)
            let (network, _) = try await B.vlanNetwork(client)
            let accepted = try await withThrowingTaskGroup(of: String?.self) { group in
                for index in 0..<64 {
                    group.addTask {
                        let reply = try await C.postServer(client, name: "ram-\(index)", flavor: flavor, networks: [["uuid": .string(network)]])
                        #expect(reply.status == 202, "\(reply.json)")
                        return reply.json["server"]?["id"]?.stringValue
                    }
                }
                return try await group.reduce(into: [String]()) { if let id = $1 { $0.append(id) } }
            }
            #expect(accepted.count == 64)
            let servers = try await ServerRaceAPITests.settle(client, expecting: 64)
            let placed = servers.filter { $0.value["status"] == "ACTIVE" }
            #expect(placed.count == 16)
            for (id, item) in servers where item["status"] == "ERROR" {
                let message = item["fault"]?["message"]?.stringValue ?? ""
                #expect(message.hasPrefix("No valid host:"), "server \(id): \(message)")
            }
            try await server.stop()
            stopped = true
            let audit = try await StoreAudit.read(server.databasePath)
            #expect(audit.ramByHost["compute1"] == 16 * 1024, "RAM held: \(audit.ramByHost)")
            #expect(audit.servers.values.filter { $0.host != nil }.count == 16)
            #expect(audit.servers.values.filter { $0.status == "error" }.allSatisfy { $0.host == nil })
        } catch {
            if !stopped { try? await server.stop() }
            throw error
        }
    }

    @Test func unknownHost_DesiredStateIs404_KnownHostIs200() async throws {
        try await C.withServer { _, client in
            let unknown = try await client.get("\(C.patchbay)/hosts/no-such-host/desired")
            #expect(unknown.status == 404)
            #expect(JSONWriter.string(unknown.json).contains("Compute host no-such-host could not be found"), "\(unknown.json)")
            try await C.fixtureHost(client)
            #expect(try await client.get("\(C.patchbay)/hosts/compute1/desired").status == 200)
        }
    }

    @Test func deleteOfSpawningServer_RetiresItsGuest_FreedOnlyWhenReportedAbsent() async throws {
        let server = try await TestServer.start(yaml: C.yaml(), clock: ManualClock(), waitForAgent: true)
        let client = APIClient(baseURL: server.baseURL)
        do {
            let (id, port) = try await Self.bootOnDirectPort(client)
            for _ in 0..<100 {
                let shown = try await client.get("\(C.v21)/servers/\(id)").json["server"]
                if shown?["OS-EXT-STS:task_state"] == "spawning" { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(try await client.delete("\(C.v21)/servers/\(id)").status == 204)
            let shown = try await client.get("\(C.v21)/servers/\(id)")
            #expect(shown.json["server"]?["OS-EXT-STS:task_state"] == "deleting")
            let desired = try await client.get("\(C.patchbay)/hosts/compute1/desired").json["desired"]
            #expect(desired?["retiring"] == [.string(id)])
            #expect(desired?["guests"] == [], "a retiring guest is not wanted")
            #expect(try await C.devices(client).values.contains { $0["state"] == "allocated" }, "held until the guest is gone")
            #expect(try await PortAPI.showPort(client, port)["binding:host_id"] == "compute1")

            // A report without it changes nothing; reporting it absent frees everything.
            _ = try await client.post("\(C.patchbay)/hosts/compute1/guests", ["running": [], "absent": []])
            #expect(try await client.get("\(C.v21)/servers/\(id)").status == 200)
            let absent = try await client.post("\(C.patchbay)/hosts/compute1/guests", ["running": [], "absent": [.string(id)]])
            #expect(absent.json["changed"] == [.string(id)])
            #expect(try await client.get("\(C.v21)/servers/\(id)").status == 404)
            #expect(!(try await C.devices(client).values.contains { $0["state"] == "allocated" || $0["state"] == "claimed" }))
            let freed = try await PortAPI.showPort(client, port)
            #expect(freed["binding:host_id"] == "" && freed["device_id"] == "")
        } catch {
            try? await server.stop()
            throw error
        }
        try await server.stop()
    }

    @Test func deleteWhenTheHostsAgentIsDown_FreesAtOnce() async throws {
        let clock = ManualClock()
        let server = try await TestServer.start(yaml: C.yaml(hostDownTime: 60), clock: clock, waitForAgent: true)
        let client = APIClient(baseURL: server.baseURL)
        do {
            let (id, _) = try await Self.bootOnDirectPort(client)
            try await ScriptedAgent(client: client, host: "compute1").driveUntilActive(id)
            _ = try await C.waitForServer(client, id, status: "ACTIVE")
            clock.advance(by: 120)
            #expect(try await client.delete("\(C.v21)/servers/\(id)").status == 204)
            #expect(try await client.get("\(C.v21)/servers/\(id)").status == 404, "Nova's local delete: nobody is left to confirm")
            #expect(!(try await C.devices(client).values.contains { $0["state"] == "allocated" }))
        } catch {
            try? await server.stop()
            throw error
        }
        try await server.stop()
    }
}
