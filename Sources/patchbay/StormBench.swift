import AsyncHTTPClient
import Foundation
import PatchbayAgent
import PatchbayCore

/// `patchbay bench --suite storm`: a boot storm. `servers` boots with one `direct` port each,
/// posted 32 at a time, across `hosts` simulated hosts (spread weigher) whose agents long-poll
/// their desired state and, when it changes, report its ports up and its guests running, as a
/// real agent does once it has wired them; the server waits for them (`wait_for_agent`). The
/// figure is the time from the first POST until every server is ACTIVE.
struct StormBench {
    let hosts: Int
    let servers: Int
    let database: String?

    func run() async throws {
        let server = try await ServeProcess.start(yaml: FleetBench.yaml(waitForAgent: true, weigher: "spread"),
                                                  database: ServeProcess.freshSchema(database))
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = hosts + 128
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            try await storm(FleetAgents(base: "http://\(server.address)", client: client, hosts: hosts, vfs: 8), server: server)
        } catch {
            print("storm bench failed: \(error)")
        }
        try await client.shutdown()
        await server.stop()
    }

    private func storm(_ fleet: FleetAgents, server: ServeProcess) async throws {
        try await fleet.register()
        let boots = FleetBoots(fleet: fleet)
        let (network, flavor) = try await boots.prepare()
        let ports = Shared<[String]>([])
        try await FleetAgents(base: fleet.base, client: fleet.client, hosts: servers).each { _ in
            let port = try await boots.directPort(network)
            ports.withLock { $0.append(port) }
        }
        let tags = try await fleet.tags()
        let agents = Task {
            try await withThrowingDiscardingTaskGroup { group in
                for agent in fleet.agents { group.addTask { try await Self.carryOut(agent, tag: tags[agent.host]) } }
            }
        }
        defer { agents.cancel() }
        try await Task.sleep(for: .seconds(2))
        let cpuBefore = server.cpuSeconds
        let began = ContinuousClock.now
        let names = ports.withLock { $0 }
        try await FleetAgents(base: fleet.base, client: fleet.client, hosts: servers).each { agent in
            let index = Int(agent.host.dropFirst("fleet-".count)) ?? 0
            _ = try await boots.postServer(name: "storm-\(index)", flavor: flavor, port: names[index])
        }
        let posted = began.duration(to: .now).milliseconds / 1000
        var active = 0, failed = 0
        var faults: [String: Int] = [:]
        while began.duration(to: .now) < .seconds(300) {
            let listed = try await fleet.get("/compute/v2.1/servers/detail")["servers"].value as? [[String: Any]] ?? []
            active = listed.filter { $0["status"] as? String == "ACTIVE" }.count
            let errors = listed.filter { $0["status"] as? String == "ERROR" }
            failed = errors.count
            faults = errors.reduce(into: [:]) { $0[(($1["fault"] as? [String: Any])?["message"] as? String) ?? "?", default: 0] += 1 }
            if active + failed >= servers { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let elapsed = began.duration(to: .now).milliseconds / 1000
        let cpu = (server.cpuSeconds - cpuBefore) / elapsed
        print(String(format: "storm: %d servers, one direct port each, across %d hosts whose agents carry them out: all posted in %.1f s, %d ACTIVE and %d ERROR %.1f s after the first POST (server CPU %.0f%% of a core, RSS %d MiB)",
                     servers, hosts, posted, active, failed, elapsed, cpu * 100, server.residentMiB))
        for (fault, count) in faults.sorted(by: { $0.value > $1.value }) { print("storm: \(count) × \(fault)") }
    }

    /// What a real agent does with each new desired state, minus the wiring: report every port
    /// up and every guest running.
    static func carryOut(_ agent: FleetAgents.Agent, tag: String?) async throws {
        var tag = tag
        while !Task.isCancelled {
            guard case .changed(let state, let newTag) = try await agent.plane.desiredState(host: agent.host, ifNoneMatch: tag, wait: 30)
            else { continue }
            tag = newTag
            let down = state.ports.filter { $0.status != "ACTIVE" }.map(\.id)
            if !down.isEmpty { try await agent.plane.reportDevices(host: agent.host, up: down, down: [], reasons: [:]) }
            var report = GuestStatusReport()
            report.running = Set(state.guests.map(\.serverId))
            if !report.running.isEmpty { try await agent.plane.reportGuests(host: agent.host, report) }
        }
    }
}
