import Foundation
import PatchbayAgent
import PatchbayCore
import Synchronization

/// The fleet's long-poll figures: `waiting` hosts long-poll at once; the server process's CPU
/// and RSS over an idle window; then a port bound to each of `woken` of them in turn, and the
/// time from the bind's request to that host's poll returning with the new state.
struct FleetWake {
    let fleet: FleetAgents
    let server: ServeProcess
    let tags: [String: String]
    let waiting: Int
    let woken: Int

    func measure() async throws {
        let returned = Shared<[String: ContinuousClock.Instant]>([:])
        let agents = Array(fleet.agents.prefix(waiting))
        let polls = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for agent in agents {
                    group.addTask {
                        let fetched = try await agent.plane.desiredState(host: agent.host, ifNoneMatch: tags[agent.host], wait: 30)
                        if case .changed = fetched { returned.withLock { $0[agent.host] = .now } }
                    }
                }
                try await group.waitForAll()
            }
        }
        // Every agent heartbeats once per 30 s report interval, spread evenly, as a fleet would.
        let heartbeats = Task {
            let pause = Duration.seconds(30) / fleet.agents.count
            try await withThrowingDiscardingTaskGroup { group in
                while !Task.isCancelled {
                    for agent in fleet.agents {
                        group.addTask { try? await agent.plane.reportAgent(agent.report(start: false)) }
                        try await Task.sleep(for: pause)
                    }
                }
            }
        }
        defer { heartbeats.cancel() }
        // Opening thousands of connections takes a while: the idle window starts after it.
        try await Task.sleep(for: .seconds(12))
        let cpu = try await server.cpuShare(over: .seconds(10))
        print(String(format: "fleet: %d long-polls waiting, heartbeats every 30 s: server CPU %.1f%% of a core, server RSS %d MiB", waiting, cpu * 100,
                     server.residentMiB))
        let network = try await fleet.post("/network/v2.0/networks", #"{"network": {"name": "fleet", "provider:network_type": "vlan", "provider:physical_network": "physnet1", "provider:segmentation_id": 150}}"#)
        let networkId = network["network"]["id"].string
        var latencies = Latencies()
        for agent in agents.prefix(woken) {
            let bound = ContinuousClock.now
            _ = try await fleet.post("/network/v2.0/ports",
                                        #"{"port": {"network_id": "\#(networkId)", "binding:host_id": "\#(agent.host)"}}"#)
            for _ in 0..<25_000 where returned.withLock({ $0[agent.host] }) == nil { try await Task.sleep(for: .microseconds(200)) }
            if let at = returned.withLock({ $0[agent.host] }) { latencies.add(max(0, bound.duration(to: at).milliseconds)) }
        }
        print("fleet: a port bound to a waiting host, from the POST to that host's poll answering: \(latencies.summary)")
        polls.cancel()
        _ = try? await polls.value
    }
}
