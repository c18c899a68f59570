import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import PatchbayAPI
import ServiceLifecycle

/// `patchbay bench`: the issue's figures, measured against a live in-process server over real
/// HTTP on 127.0.0.1 with a fresh SQLite file (or PostgreSQL schema, `--database`).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Measure API throughput and latency.")

    @Option(help: "Ports to create sequentially.")
    var ports = 1000

    @Option(help: "Ports present when timing GET /v2.0/ports.")
    var listSize = 500

    @Option(help: "GET /v2.0/ports repetitions.")
    var listRuns = 50

    @Option(help: "Which figures: fleet (simulated agents and boots), boots (only the boots among a registered fleet), storm (a boot storm), spread (clients over two servers), store (statements through the store), images (image upload and download) — none part of all — api (HTTP), pci (scheduler and inventory core), host (sysfs discovery), login (writes under a wrong-password flood), or all.")
    var suite = "all"

    @Option(help: "fleet, boots, storm: simulated hosts, each with its agent.")
    var hosts = 1000

    @Option(help: "fleet, boots: VFs per simulated host.")
    var vfs = 64

    @Option(help: "storm: servers booted at once.")
    var servers = 1000

    @Option(help: "spread: concurrent clients (spread over two servers on PostgreSQL, one server on SQLite).")
    var clients = 8

    @Option(help: "api, fleet, boots, storm, spread, store, images: a postgresql:// database to measure on (a new schema) instead of a SQLite file.")
    var database: String?

    @Option(help: "images: MiB uploaded and downloaded.")
    var imageMib = 256

    @Option(help: "login: concurrent wrong-password clients.")
    var loginClients = 16

    @Option(help: "login: seconds each flood lasts at most.")
    var loginSeconds = 5.0

    @Option(help: "login: password hashing threads (0: one less than the cores).")
    var hashWorkers = 0

    func run() async throws {
        if suite == "login" || suite == "all" {
            try await LoginBench(clients: loginClients, duration: loginSeconds, hashWorkers: hashWorkers).run()
        }
        if suite == "pci" || suite == "all" { try PCIBench.run() }
        if suite == "fleet" || suite == "boots" {
            try await FleetBench(hosts: hosts, vfs: vfs, database: database, bootsOnly: suite == "boots").run()
        }
        if suite == "storm" { try await StormBench(hosts: hosts, servers: servers, database: database).run() }
        if suite == "spread" { try await SpreadBench(clients: clients, ports: ports, database: database).run() }
        if suite == "store" { try await StoreBench(database: database).run() }
        if suite == "images" { try await ImageBench(megabytes: imageMib, database: database).run() }
        if suite == "host" || suite == "all" {
            try HostBench.run()
            try ReconcileBench.run()
        }
        guard suite == "api" || suite == "all" else { return }
        try await BenchServer.with(yaml: ServerConfig.defaultYAML, adminPassword: Self.adminPassword, database: database) { server, address in
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            do {
                let token = try await measureTokens(client: client, address: address, server: server)
                try await measure(client: client, base: "http://\(address)/network/v2.0", token: token)
            } catch {
                print("bench failed: \(error)")
            }
            try await client.shutdown()
        }
    }

    static let adminPassword = "bench-admin-password"

    /// Token issue over HTTP (scrypt dominates), then cached validation in process.
    private func measureTokens(client: HTTPClient, address: String, server: PatchbayServer) async throws -> String {
        let body = #"{"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin", "domain": {"id": "default"}, "password": "\#(Self.adminPassword)"}}}, "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}}"#
        var request = HTTPClientRequest(url: "http://\(address)/identity/v3/auth/tokens")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        var token = ""
        var issue: [Double] = []
        for _ in 0..<5 {
            request.body = .bytes(ByteBuffer(string: body))
            let began = ContinuousClock.now
            let response = try await client.execute(request, timeout: .seconds(30))
            _ = try await response.body.collect(upTo: 1 << 20)
            issue.append(began.duration(to: .now).milliseconds)
            token = response.headers.first(name: "X-Subject-Token") ?? ""
        }
        _ = try await server.identity.validate(token)
        let rounds = 100_000
        let began = ContinuousClock.now
        for _ in 0..<rounds { _ = try await server.identity.validate(token) }
        let perCall = began.duration(to: .now).milliseconds * 1000 / Double(rounds)
        print(String(format: "token issue (password, scrypt): p50 %.1f ms; cached token validation: %.2f µs", percentile(issue, 50), perCall))
        return token
    }

    private func measure(client: HTTPClient, base: String, token: String) async throws {
        let network = try await call(client, "POST", "\(base)/networks", #"{"network": {"name": "bench"}}"#, token: token)
        let networkId = network["network"]["id"].string
        _ = try await call(client, "POST", "\(base)/subnets",
                           #"{"subnet": {"network_id": "\#(networkId)", "ip_version": 4, "cidr": "10.0.0.0/16"}}"#, token: token)
        var latencies: [Double] = []
        let start = ContinuousClock.now
        for index in 0..<ports {
            let began = ContinuousClock.now
            _ = try await call(client, "POST", "\(base)/ports", #"{"port": {"network_id": "\#(networkId)", "name": "p\#(index)"}}"#,
                               token: token, parse: false)
            latencies.append(began.duration(to: .now).milliseconds)
        }
        let elapsed = start.duration(to: .now).milliseconds / 1000
        print(String(format: "POST /v2.0/ports: %d ports in %.2f s = %.0f ports/s (p50 %.2f ms, p95 %.2f ms)",
                     ports, elapsed, Double(ports) / elapsed, percentile(latencies, 50), percentile(latencies, 95)))
        let listed = try await call(client, "GET", "\(base)/ports?limit=\(listSize)", nil, token: token)
        let count = listed["ports"].count
        var listLatencies: [Double] = []
        for _ in 0..<listRuns {
            let began = ContinuousClock.now
            _ = try await call(client, "GET", "\(base)/ports?limit=\(listSize)", nil, token: token, parse: false)
            listLatencies.append(began.duration(to: .now).milliseconds)
        }
        print(String(format: "GET /v2.0/ports (%d ports): p50 %.2f ms, p95 %.2f ms over %d runs",
                     count, percentile(listLatencies, 50), percentile(listLatencies, 95), listRuns))
    }

    /// One request; `parse: false` only drains the body, so timings measure the server, not the
    /// benchmark's own JSON decoding.
    private func call(_ client: HTTPClient, _ method: String, _ url: String, _ body: String?, token: String,
                      parse: Bool = true) async throws -> BenchJSON {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        request.headers.add(name: "X-Auth-Token", value: token)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await client.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 64 * 1024 * 1024)
        guard response.status.code < 300 else {
            throw ValidationError("\(method) \(url) → \(response.status.code): \(String(buffer: bytes))")
        }
        guard parse else { return BenchJSON(NSNull()) }
        return BenchJSON(try JSONSerialization.jsonObject(with: Data(bytes.readableBytesView)))
    }

    private func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p / 100))]
    }
}

/// Just enough JSON navigation for the benchmark's responses.
struct BenchJSON {
    let value: Any
    init(_ value: Any) { self.value = value }
    subscript(key: String) -> BenchJSON { BenchJSON((value as? [String: Any])?[key] ?? NSNull()) }
    var string: String { value as? String ?? "" }
    var count: Int { (value as? [Any])?.count ?? 0 }
}

extension Duration {
    /// The duration in milliseconds.
    var milliseconds: Double { Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15 }
}
