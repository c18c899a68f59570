import AsyncHTTPClient
import Foundation
import NIOCore
import PatchbayAPI
import PatchbayAgent
import PatchbayCore
import Synchronization

/// `patchbay bench --suite fleet`: N simulated agents on the real HTTP endpoints of a live server
/// in this process (noauth), each with the agent's own HTTP client: registration and inventory,
/// a heartbeat round, a conditional poll answered 304, then as many long-polls as the process's
/// descriptors allow waiting at once, the process's CPU and RSS while they wait, and how fast a
/// port bound to a host wakes that host's poll.
struct FleetBench {
    let hosts: Int
    let database: String?
    /// Hosts whose poll a port bind wakes, for the wake latency.
    let woken = 100

    func run() async throws {
        let yaml = ServerConfig.defaultYAML
        try await BenchServer.with(yaml: yaml, adminPassword: "fleet-bench", database: database,
                                   configure: { $0.noauth = true; $0.compute.waitForAgent = false }) { _, address in
            let waiting = min(hosts, Self.descriptorBudget())
            var configuration = HTTPClient.Configuration()
            configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = waiting + 64
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            do {
                try await measure(FleetAgents(base: "http://\(address)", client: client, hosts: hosts), waiting: waiting)
            } catch {
                print("fleet bench failed: \(error)")
            }
            try await client.shutdown()
        }
    }

    private func measure(_ fleet: FleetAgents, waiting: Int) async throws {
        let registered = ContinuousClock.now
        try await fleet.each { agent in
            try await agent.plane.reportAgent(agent.report(start: true))
            try await agent.plane.reportInventory(host: agent.host, ["vcpus": 64, "memory_mb": 262_144, "pci_devices": []])
        }
        print(String(format: "fleet: %d hosts registered with inventory in %.1f s", hosts, registered.duration(to: .now).milliseconds / 1000))
        let heartbeats = try await fleet.timed { agent in try await agent.plane.reportAgent(agent.report(start: false)) }
        print("fleet: heartbeat round: \(heartbeats.summary)")
        let tags = Shared<[String: String]>([:])
        try await fleet.each { agent in
            if case .changed(_, let tag) = try await agent.plane.desiredState(host: agent.host, ifNoneMatch: nil) {
                tags.withLock { $0[agent.host] = tag }
            }
        }
        let unchanged = try await fleet.timed { agent in
            _ = try await agent.plane.desiredState(host: agent.host, ifNoneMatch: tags.withLock { $0[agent.host] })
        }
        print("fleet: conditional poll answered 304: \(unchanged.summary)")
        try await FleetWake(fleet: fleet, tags: tags.withLock { $0 }, waiting: waiting, woken: woken).measure()
    }

    /// How many long-polls may wait at once: both ends of each connection are in this process.
    static func descriptorBudget() -> Int {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        limit.rlim_cur = limit.rlim_max
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        return max(100, (Int(limit.rlim_cur) - 1_000) / 2)
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
                       "configurations": ["bridge_mappings": ["physnet1": "br-fleet"]]]]
        }
    }

    let agents: [Agent]
    let base: String
    let client: HTTPClient
    /// Requests in flight at once for the rounds (the long-polls are not bounded by it).
    let concurrency = 32

    init(base: String, client: HTTPClient, hosts: Int) {
        self.base = base
        self.client = client
        agents = (0..<hosts).map { index in
            Agent(host: String(format: "fleet-%05d", index),
                  plane: HTTPControlPlane(baseURL: base, credentials: nil, client: client, timeout: .seconds(60)))
        }
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
