import AsyncHTTPClient
import Foundation
import NIOCore
import PatchbayAgent
import PatchbayCore
import Synchronization

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
