import AsyncHTTPClient
import Foundation
import PatchbayAPI
import PatchbayAgent

/// `patchbay bench --suite fleet`: N simulated agents on the real HTTP endpoints of a
/// `patchbay serve` in its own process (noauth, SQLite or `--database`), each with the agent's
/// own HTTP client: registration with `vfs` VFs per host, a heartbeat round, a conditional poll
/// answered 304, then as many long-polls as the descriptors allow waiting at once while every
/// agent heartbeats every 30 s (the server's CPU and RSS), how fast a port bound to a host wakes
/// that host's poll, and boots to claimed and bound among all those hosts.
struct FleetBench {
    let hosts: Int
    let vfs: Int
    let database: String?
    /// Registers the fleet and times the boots only (no heartbeat round, polls or wake-ups).
    var bootsOnly = false
    /// Hosts whose poll a port bind wakes, for the wake latency.
    let woken = 100
    /// Boots timed one after another.
    let boots = 200

    func run() async throws {
        let waiting = min(hosts, Self.descriptorBudget())
        let server = try await ServeProcess.start(yaml: Self.yaml(waitForAgent: false), database: ServeProcess.freshSchema(database))
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = waiting + 64
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let fleet = FleetAgents(base: "http://\(server.address)", client: client, hosts: hosts, vfs: vfs)
            if bootsOnly {
                try await register(fleet)
                // A heartbeat from every agent, as their 30 s beats would have sent meanwhile.
                _ = try await fleet.timed { agent in try await agent.plane.reportAgent(agent.report(start: false)) }
            } else {
                try await measure(fleet, server: server, waiting: waiting)
            }
            try await FleetBoots(fleet: fleet).timeBoots(boots)
        } catch {
            print("fleet bench failed: \(error)")
        }
        try await client.shutdown()
        await server.stop()
    }

    /// The server's config: the default one with the fleet's VFs on physnet1 and this weigher.
    static func yaml(waitForAgent: Bool, weigher: String = "pack") -> String {
        ServerConfig.defaultYAML + """

            pci:
              device_spec:
                - '{"vendor_id": "8086", "product_id": "154c", "physical_network": "physnet1"}'
            scheduler:
              weigher: \(weigher)
            compute:
              wait_for_agent: \(waitForAgent)
            """
    }

    private func register(_ fleet: FleetAgents) async throws {
        let registered = ContinuousClock.now
        try await fleet.register()
        print(String(format: "fleet: %d hosts with %d VFs each registered with inventory in %.1f s", hosts, vfs,
                     registered.duration(to: .now).milliseconds / 1000))
    }

    private func measure(_ fleet: FleetAgents, server: ServeProcess, waiting: Int) async throws {
        try await register(fleet)
        let heartbeats = try await fleet.timed { agent in try await agent.plane.reportAgent(agent.report(start: false)) }
        print("fleet: heartbeat round: \(heartbeats.summary)")
        let tags = try await fleet.tags()
        let unchanged = try await fleet.timed { agent in
            _ = try await agent.plane.desiredState(host: agent.host, ifNoneMatch: tags[agent.host])
        }
        print("fleet: conditional poll answered 304: \(unchanged.summary)")
        try await FleetWake(fleet: fleet, server: server, tags: tags, waiting: waiting, woken: woken).measure()
    }

    /// How many long-polls may wait at once: this process holds the agents' end of each
    /// connection (the limit is raised to its maximum first, and the server inherits it).
    static func descriptorBudget() -> Int {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        limit.rlim_cur = limit.rlim_max
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        return max(100, Int(limit.rlim_cur) - 1_000)
    }
}
