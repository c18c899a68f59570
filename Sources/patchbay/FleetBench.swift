import AsyncHTTPClient
import Foundation
import NIOCore
import PatchbayAPI
import PatchbayAgent
import PatchbayCore
import Synchronization

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
            try await measure(fleet, server: server, waiting: waiting)
            try await FleetBoots(fleet: fleet).timeBoots(boots)
        } catch {
            print("fleet bench failed: \(error)")
        }
        try await client.shutdown()
        await server.stop()
    }

    /// The server's config: the default one with the fleet's VFs on physnet1.
    static func yaml(waitForAgent: Bool) -> String {
        ServerConfig.defaultYAML + """

            pci:
              device_spec:
                - '{"vendor_id": "8086", "product_id": "154c", "physical_network": "physnet1"}'
            compute:
              wait_for_agent: \(waitForAgent)
            """
    }

    private func measure(_ fleet: FleetAgents, server: ServeProcess, waiting: Int) async throws {
        let registered = ContinuousClock.now
        try await fleet.register()
        print(String(format: "fleet: %d hosts with %d VFs each registered with inventory in %.1f s", hosts, vfs,
                     registered.duration(to: .now).milliseconds / 1000))
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

/// The simulated agents: one host name and one control-plane client each.
struct FleetAgents: Sendable {
    struct Agent: Sendable {
        let host: String
        let plane: HTTPControlPlane

        func report(start: Bool) -> JSONValue {
            ["agent": ["agent_type": .string(AgentType.patchbay.rawValue), "host": .string(host), "binary": "patchbay-agent",
                       "topic": "N/A", "start_flag": .bool(start),
                       "configurations": ["bridge_mappings": ["physnet1": "br-fleet"], "device_mappings": ["physnet1": ["ens1f0"]]]]]
        }

        /// The host's inventory: one PF with `vfs` VFs (8086:154c on physnet1).
        func inventory(vfs: Int) -> JSONValue {
            let pf = "0000:81:00.0"
            var devices: [JSONValue] = [["address": .string(pf), "vendor_id": "8086", "product_id": "1572", "type": "type-PF",
                                         "numa_node": 0, "netdev": "ens1f0"]]
            for number in 0..<vfs {
                let address = String(format: "0000:81:%02x.%d", 2 + number / 8, number % 8)
                devices.append(["address": .string(address), "vendor_id": "8086", "product_id": "154c", "type": "type-VF",
                                "parent_address": .string(pf), "numa_node": 0, "netdev": .string("ens1f0v\(number)"),
                                "vf_num": .int(number)])
            }
            return ["vcpus": 64, "memory_mb": 262_144, "numa_cells": [["id": 0, "socket": 0]], "pci_devices": .array(devices)]
        }
    }

    let agents: [Agent]
    let base: String
    let client: HTTPClient
    /// Requests in flight at once for the rounds (the long-polls are not bounded by it).
    let concurrency = 32

    /// VFs per host.
    let vfs: Int

    init(base: String, client: HTTPClient, hosts: Int, vfs: Int = 0) {
        self.base = base
        self.client = client
        self.vfs = vfs
        agents = (0..<hosts).map { index in
            Agent(host: String(format: "fleet-%05d", index),
                  plane: HTTPControlPlane(baseURL: base, credentials: nil, client: client, timeout: .seconds(60)))
        }
    }

    /// Registers every agent and reports its host's inventory.
    func register() async throws {
        try await each { agent in
            try await agent.plane.reportAgent(agent.report(start: true))
            try await agent.plane.reportInventory(host: agent.host, agent.inventory(vfs: vfs))
        }
    }

    /// Every host's current desired-state tag.
    func tags() async throws -> [String: String] {
        let tags = Shared<[String: String]>([:])
        try await each { agent in
            if case .changed(_, let tag) = try await agent.plane.desiredState(host: agent.host, ifNoneMatch: nil) {
                tags.withLock { $0[agent.host] = tag }
            }
        }
        return tags.withLock { $0 }
    }

    /// GETs `path` from the API (noauth) and returns the decoded answer.
    func get(_ path: String) async throws -> BenchJSON {
        let response = try await client.execute(HTTPClientRequest(url: base + path), timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 26)
        guard response.status.code < 300 else { throw FleetFailure("GET \(path): \(response.status.code) \(String(buffer: bytes))") }
        return BenchJSON(try JSONSerialization.jsonObject(with: Data(bytes.readableBytesView)))
    }

    /// POSTs `body` to the API (noauth) and returns the decoded answer.
    func post(_ path: String, _ body: String) async throws -> BenchJSON {
        var request = HTTPClientRequest(url: base + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await client.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 22)
        guard response.status.code < 300 else { throw FleetFailure("POST \(path): \(response.status.code) \(String(buffer: bytes))") }
        return BenchJSON(try JSONSerialization.jsonObject(with: Data(bytes.readableBytesView)))
    }

    /// Runs `body` for every agent, `concurrency` at a time.
    func each(_ body: @escaping @Sendable (Agent) async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, agent) in agents.enumerated() {
                if index >= concurrency { try await group.next() }
                group.addTask { try await body(agent) }
            }
            try await group.waitForAll()
        }
    }

    /// Runs `body` for every agent and collects each call's latency.
    func timed(_ body: @escaping @Sendable (Agent) async throws -> Void) async throws -> Latencies {
        let samples = Shared(Latencies())
        try await each { agent in
            let began = ContinuousClock.now
            try await body(agent)
            let elapsed = began.duration(to: .now).milliseconds
            samples.withLock { $0.add(elapsed) }
        }
        return samples.withLock { $0 }
    }
}

/// A fleet step that got an answer it cannot go on from.
struct FleetFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A value the fleet's concurrent tasks share, behind a lock.
final class Shared<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<T>(_ body: (inout Value) -> T) -> T { mutex.withLock { body(&$0) } }
}
