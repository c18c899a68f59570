import AsyncHTTPClient
import Foundation

/// `patchbay bench --suite spread`: `clients` concurrent keep-alive clients creating ports, each
/// on a network of its own, spread round-robin over two `patchbay serve` processes on one
/// PostgreSQL database (`--database`), or all on one server on SQLite (a SQLite file has one
/// server). The figure is the total rate.
struct SpreadBench {
    let clients: Int
    let ports: Int
    let database: String?

    func run() async throws {
        let shared = ServeProcess.freshSchema(database)
        var servers: [ServeProcess] = []
        for _ in 0..<(database == nil ? 1 : 2) {
            servers.append(try await ServeProcess.start(yaml: FleetBench.yaml(waitForAgent: false), database: shared))
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await measure(servers: servers, client: client)
        } catch {
            print("spread bench failed: \(error)")
        }
        try await client.shutdown()
        for server in servers { await server.stop() }
    }

    private func measure(servers: [ServeProcess], client: HTTPClient) async throws {
        let fleets = servers.map { FleetAgents(base: "http://\($0.address)", client: client, hosts: 0) }
        var networks: [String] = []
        for index in 0..<clients {
            let fleet = fleets[index % fleets.count]
            let network = try await fleet.post("/network/v2.0/networks", #"{"network": {"name": "spread-\#(index)"}}"#)["network"]["id"].string
            _ = try await fleet.post("/network/v2.0/subnets",
                                     #"{"subnet": {"network_id": "\#(network)", "ip_version": 4, "cidr": "10.\#(index).0.0/16"}}"#)
            networks.append(network)
        }
        let each = max(1, ports / clients)
        let began = ContinuousClock.now
        let latencies = Shared(Latencies())
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<clients {
                let fleet = fleets[index % fleets.count], network = networks[index]
                group.addTask {
                    for number in 0..<each {
                        let start = ContinuousClock.now
                        _ = try await fleet.post("/network/v2.0/ports", #"{"port": {"network_id": "\#(network)", "name": "p\#(number)"}}"#)
                        let elapsed = start.duration(to: .now).milliseconds
                        latencies.withLock { $0.add(elapsed) }
                    }
                }
            }
            try await group.waitForAll()
        }
        let seconds = began.duration(to: .now).milliseconds / 1000
        print(String(format: "spread: POST /v2.0/ports from %d clients over %d server(s) on %@: %d ports in %.2f s = %.0f ports/s; %@",
                     clients, servers.count, database == nil ? "SQLite" : "PostgreSQL", each * clients, seconds,
                     Double(each * clients) / seconds, latencies.withLock { $0.summary }))
    }
}
