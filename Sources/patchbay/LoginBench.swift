import AsyncHTTPClient
import Foundation
import NIOCore
import PatchbayAPI
import Synchronization

/// `bench --suite login`: write latency while wrong passwords flood the admin account. A real
/// server (fresh SQLite file, scrypt at the configured cost, HTTP on 127.0.0.1) answers
/// sequential `POST /network/v2.0/networks` with an admin token, first alone, then while
/// `clients` connections send wrong passwords for `admin` as fast as they are answered, until
/// `duration` seconds or `floodCap` requests have passed. It runs twice: with the default
/// lockout settings, and with the user lockout and the address limit off, so only the hashing
/// pool stands between the flood and the writes.
struct LoginBench {
    var clients = 16
    var duration: Double = 5
    var floodCap = 50_000
    var baselineWrites = 300
    var hashWorkers = 0

    static let adminPassword = "bench-admin-password"

    func run() async throws {
        print("login flood: \(clients) clients of wrong passwords for admin, \(Int(duration)) s or \(floodCap) requests")
        try await scenario("default lockout settings") { _ in }
        try await scenario("lockout and address limit off") {
            $0.identity.lockoutFailureAttempts = 0
            $0.identity.addressFailureLimit = 0
        }
    }

    private func scenario(_ label: String, _ configure: (inout ServerConfig) -> Void) async throws {
        // Enough VXLAN ids that every timed create succeeds once the 100 VLANs are used.
        let yaml = "ml2:\n  vni_ranges: [\"1000:999999\"]"
        var cost = 0
        try await BenchServer.with(yaml: yaml, adminPassword: Self.adminPassword, configure: { config in
            config.identity.passwordHashWorkers = hashWorkers
            configure(&config)
            cost = config.identity.passwordLogCost
        }) { _, address in
            let probe = LoginProbe(base: "http://\(address)", clients: clients)
            do {
                try await measure(label, probe: probe, cost: cost)
            } catch {
                print("login bench (\(label)) failed: \(error)")
            }
            try await probe.shutdown()
        }
    }

    private func measure(_ label: String, probe: LoginProbe, cost: Int) async throws {
        let token = try await probe.login(password: Self.adminPassword)
        var baseline = Latencies()
        for index in 0..<baselineWrites { baseline.add(try await probe.createNetwork("base-\(index)", token: token)) }
        let deadline = ContinuousClock.now + .milliseconds(Int(duration * 1000))
        let flood = FloodTally(cap: floodCap)
        let began = ContinuousClock.now
        var underFlood = Latencies()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<clients {
                group.addTask { try await probe.flood(until: deadline, tally: flood) }
            }
            var index = 0
            while ContinuousClock.now < deadline, !flood.isFull {
                underFlood.add(try await probe.createNetwork("flood-\(index)", token: token))
                index += 1
            }
            try await group.waitForAll()
        }
        let seconds = began.duration(to: .now).milliseconds / 1000
        let mix = flood.statuses.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        print("[\(label)] scrypt cost \(cost), \(hashWorkers > 0 ? hashWorkers : HashWorkerPool.defaultThreads) hashing thread(s)")
        print("  POST /network/v2.0/networks alone:       \(baseline.summary)")
        print("  POST /network/v2.0/networks under flood: \(underFlood.summary)")
        print(String(format: "  flood: %d logins in %.1f s = %.0f/s", flood.total, seconds, Double(flood.total) / seconds) + " (\(mix))")
    }
}

/// Latency samples in milliseconds.
struct Latencies {
    private var samples: [Double] = []

    mutating func add(_ milliseconds: Double) { samples.append(milliseconds) }

    /// `n=…, p50 …, p95 …, p99 …, max … ms`.
    var summary: String {
        let sorted = samples.sorted()
        guard !sorted.isEmpty else { return "no samples" }
        func at(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)] }
        return String(format: "n=%d  p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms",
                      sorted.count, at(0.50), at(0.95), at(0.99), sorted[sorted.count - 1])
    }
}

/// The flood's request count (stopping at `cap`) and its status mix, shared by its clients.
final class FloodTally: Sendable {
    private let state = Mutex<(total: Int, statuses: [Int: Int])>((0, [:]))
    let cap: Int

    init(cap: Int) { self.cap = cap }

    /// Claims one request slot; false once `cap` requests were claimed.
    func claim() -> Bool {
        state.withLock { state in
            guard state.total < cap else { return false }
            state.total += 1
            return true
        }
    }

    func record(_ status: Int) { state.withLock { $0.statuses[status, default: 0] += 1 } }

    var isFull: Bool { state.withLock { $0.total >= cap } }
    var total: Int { state.withLock { $0.total } }
    var statuses: [Int: Int] { state.withLock { $0.statuses } }
}
