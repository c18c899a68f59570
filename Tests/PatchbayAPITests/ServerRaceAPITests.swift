import Foundation
import Logging
import PatchbayAPI
import PatchbayCore
import PatchbayPostgres
import PatchbayStore
import PatchbayTesting
import Testing

/// The issue's acceptance race: 64 concurrent boots for 16 free VFs, checked over HTTP and in the store.
@Suite struct ServerRaceAPITests {
    typealias C = ComputeAPI
    typealias B = ServerBootAPI

    static let boots = 64
    static let freeVFs = 16

    /// Polls `GET /servers/detail` (at most 600 × 100 ms) until no server is in BUILD; returns them by id.
    static func settle(_ client: APIClient, expecting count: Int) async throws -> [String: JSONValue] {
        for _ in 0..<600 {
            let reply = try await client.get("\(C.v21)/servers/detail")
            #expect(reply.status == 200)
            let servers = reply.json["servers"]?.arrayValue ?? []
            if servers.count == count, !servers.contains(where: { $0["status"] == "BUILD" }) {
                return Dictionary(servers.compactMap { server in server["id"]?.stringValue.map { ($0, server) } },
                                  uniquingKeysWith: { first, _ in first })
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("servers still in BUILD after 60 s")
        throw CancellationError()
    }

    @Test(.timeLimit(.minutes(5)))
    func sixtyFourBootsForSixteenVFs_ExactlySixteenActive_NoDoubleAllocation() async throws {
        let server = try await TestServer.start(yaml: C.yaml(), clock: ManualClock())
        let client = APIClient(baseURL: server.baseURL)
        var stopped = false
        do {
            try await C.fixtureHost(client, vfs: Self.freeVFs)
            let flavor = try await C.flavor(client, ram: 256, vcpus: 1)
            let (network, _) = try await B.vlanNetwork(client)
            var ports: [String] = []
            for _ in 0..<Self.boots { ports.append(try await B.port(client, network: network)) }

            let accepted = try await withThrowingTaskGroup(of: (String, Int, String?).self) { group in
                for (index, port) in ports.enumerated() {
                    group.addTask {
                        let reply = try await C.postServer(client, name: "race-\(index)", flavor: flavor, networks: [["port": .string(port)]])
                        return (port, reply.status, reply.json["server"]?["id"]?.stringValue)
                    }
                }
                var accepted: [String: String] = [:]  // server id → port id
                for try await (port, status, id) in group {
                    #expect(status == 202, "port \(port)")
                    if let id { accepted[id] = port }
                }
                return accepted
            }
            #expect(accepted.count == Self.boots)

            let servers = try await Self.settle(client, expecting: Self.boots)
            let active = servers.filter { $0.value["status"] == "ACTIVE" }
            let failed = servers.filter { $0.value["status"] == "ERROR" }
            #expect(active.count == Self.freeVFs)
            #expect(failed.count == Self.boots - Self.freeVFs)
            for (id, item) in failed {
                let message = item["fault"]?["message"]?.stringValue ?? ""
                #expect(message.hasPrefix("No valid host:"), "server \(id): \(message)")
            }

            // Over HTTP: each ACTIVE server's port holds its own VF; the losers' ports are unbound.
            var slots: [String: String] = [:]  // pci_slot → port
            for (id, port) in accepted {
                let attributes = try await PortAPI.showPort(client, port)
                let slot = attributes["binding:profile"]?["pci_slot"]?.stringValue
                if active[id] != nil {
                    let slot = try #require(slot, "ACTIVE server \(id) has no pci_slot on \(port)")
                    #expect(slots[slot] == nil, "VF \(slot) on both \(slots[slot] ?? "") and \(port)")
                    slots[slot] = port
                } else {
                    #expect(slot == nil && attributes["binding:host_id"] == "", "ERROR server \(id) left \(port) bound")
                }
            }
            #expect(slots.count == Self.freeVFs)
            let devices = try await C.devices(client)
            #expect(devices.values.filter { $0["state"] == "allocated" }.count == Self.freeVFs)
            #expect(!devices.values.contains { $0["state"] == "claimed" })

            try await server.stop()
            stopped = true

            // From the store: 16 allocated rows held by 16 distinct ACTIVE servers.
            let store = try await DatabaseOpener.open(server.databasePath, logger: Logger(label: "race-test"))
            let rows = try await store.withSession { db in
                try await db.raw("SELECT address, server_id FROM pci_devices WHERE host = 'compute1' AND state = 'allocated'").all()
                    .map { (try $0.decode(column: "address", as: String.self), try $0.decode(column: "server_id", as: String.self)) }
            }
            let claimedRows = try await store.withSession { db in
                try await db.raw("SELECT address FROM pci_devices WHERE state = 'claimed'").all().count
            }
            try await store.close()
            #expect(rows.count == Self.freeVFs)
            #expect(Set(rows.map(\.1)).count == Self.freeVFs, "no server holds two VFs")
            #expect(Set(rows.map(\.1)) == Set(active.keys), "the holders are exactly the ACTIVE servers")
            #expect(Set(rows.map(\.0)) == Set(slots.keys), "the store agrees with the ports' pci_slot")
            #expect(claimedRows == 0)
        } catch {
            if !stopped { try? await server.stop() }
            throw error
        }
        if !stopped { try await server.stop() }
    }
}
