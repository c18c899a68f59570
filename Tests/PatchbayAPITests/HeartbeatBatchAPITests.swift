import PatchbayCore
import PatchbayTesting
import Testing

/// Heartbeats that change nothing else are written in batches to their own column: the agent
/// list shows them and liveness follows them, and none queued is lost, however many arrive at once.
@Suite struct HeartbeatBatchAPITests {
    static func agent(_ client: APIClient, host: String) async throws -> JSONValue {
        let list = try await client.get("/network/v2.0/agents?host=\(host)")
        return try #require(list.json["agents"]?.arrayValue?.first, "\(list.json)")
    }

    @Test func aHeartbeatKeepsTheAgentAlive_ItsAbsenceDoesNot() async throws {
        let clock = ManualClock()
        try await ComputeAPI.withServer(clock: clock) { _, client in
            try await PortAPI.sriovAgent(client, host: "hb1")
            let first = try await Self.agent(client, host: "hb1")
            clock.advance(by: 100)
            #expect(try await Self.agent(client, host: "hb1")["alive"] == false, "100 s without a heartbeat")
            try await PortAPI.sriovAgent(client, host: "hb1")
            let beaten = try await Self.agent(client, host: "hb1")
            #expect(beaten["alive"] == true)
            #expect(beaten["heartbeat_timestamp"] != first["heartbeat_timestamp"], "\(beaten)")
            #expect(beaten["created_at"] == first["created_at"])
        }
    }

    @Test func manyAgentsBeatingAtOnceAreAllRecorded() async throws {
        let clock = ManualClock()
        try await ComputeAPI.withServer(clock: clock) { _, client in
            let hosts = (0..<40).map { "beat\($0)" }
            for host in hosts { try await PortAPI.sriovAgent(client, host: host) }
            clock.advance(by: 100)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for host in hosts { group.addTask { try await PortAPI.sriovAgent(client, host: host) } }
                try await group.waitForAll()
            }
            let list = try await client.get("/network/v2.0/agents")
            let agents = list.json["agents"]?.arrayValue ?? []
            #expect(agents.count == hosts.count)
            #expect(agents.allSatisfy { $0["alive"] == true }, "every queued heartbeat was written: \(agents.filter { $0["alive"] != true })")
        }
    }
}
