import Foundation
import Logging
import PatchbayCore
import PatchbayPostgres
@testable import PatchbayStore
import Testing

/// Shared fixtures for the store suites: a real database per test (SQLite, then PostgreSQL) and small domain values.
enum StoreTestSupport {
    /// A quiet logger for the store.
    static var logger: Logger {
        var logger = Logger(label: "store-tests")
        logger.logLevel = .critical
        return logger
    }

    /// A fresh database path under the temporary directory.
    static func temporaryPath() -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-store-tests", isDirectory: true)
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("\(UUIDv4.make()).sqlite").path
    }

    /// Removes a database file and its WAL side files.
    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// The PostgreSQL database the store tests also run on (`PATCHBAY_TEST_POSTGRES`, which
    /// scripts/test.sh sets after starting a throw-away cluster).
    static var postgres: String? {
        ProcessInfo.processInfo.environment["PATCHBAY_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Runs `body` on a fresh SQLite file, and then on a fresh schema of the tests' PostgreSQL
    /// database, always closing each store. Without PostgreSQL it runs on SQLite only, except
    /// under `CI=true`, where the missing engine is a failure. With `path`, it opens that SQLite
    /// file only (kept afterwards). Returns the last run's result.
    static func withStore<T: Sendable>(path: String? = nil,
                                       _ body: (any SQLStore, SQLNetworkRepository) async throws -> T) async throws -> T {
        if let path { return try await run(try await SQLiteStore.open(path: path, logger: logger), body) }
        let file = temporaryPath()
        defer { remove(file) }
        var result = try await run(try await SQLiteStore.open(path: file, logger: logger), body)
        if let postgres {
            let schema = "\(postgres)?search_path=s\(UUIDv4.make().replacingOccurrences(of: "-", with: ""))"
            result = try await run(try await DatabaseOpener.open(schema, logger: logger), body)
        } else if ProcessInfo.processInfo.environment["CI"]?.lowercased() == "true" {
            Issue.record("CI=true but PATCHBAY_TEST_POSTGRES names no PostgreSQL database; the store tests must run on both engines")
        }
        return result
    }

    private static func run<T: Sendable>(_ store: any SQLStore,
                                         _ body: (any SQLStore, SQLNetworkRepository) async throws -> T) async throws -> T {
        let result: Result<T, any Error>
        do { result = .success(try await body(store, SQLNetworkRepository(store: store))) } catch { result = .failure(error) }
        try await store.close()
        return try result.get()
    }

    /// A network with one segment.
    static func network(_ segment: Segment = Segment(networkType: .vlan, physicalNetwork: "physnet1", segmentationId: 150),
                        id: String = UUIDv4.make(), project: String = "p1", shared: Bool = false) -> Network {
        Network(id: id, projectId: project, name: "net-\(id.prefix(4))", shared: shared, mtu: 1500,
                segments: [segment], audit: AuditStamp(createdAt: 1_700_000_000))
    }

    /// An IPv4 subnet on a network (pools are not the store's concern).
    static func subnet(network: String, id: String = UUIDv4.make(), cidr: String = "10.0.0.0/24") -> Subnet {
        Subnet(id: id, projectId: "p1", networkId: network, ipVersion: 4, cidr: cidr, gatewayIp: nil,
               allocationPools: [], audit: AuditStamp(createdAt: 1_700_000_000))
    }

    /// A port on a network.
    static func port(network: String, id: String = UUIDv4.make(), mac: String = randomMAC(), name: String = "",
                     fixedIps: [FixedIP] = [], host: String = "", project: String = "p1") -> PatchbayCore.Port {
        Port(id: id, projectId: project, networkId: network, name: name, macAddress: mac, fixedIps: fixedIps,
             binding: PortBinding(hostId: host), audit: AuditStamp(createdAt: 1_700_000_000))
    }

    /// A random MAC in the `fa:16:3e` prefix.
    static func randomMAC() -> String {
        "fa:16:3e:" + (0..<3).map { _ in
            let text = String(UInt8.random(in: 0...255), radix: 16)
            return text.count == 1 ? "0" + text : text
        }.joined(separator: ":")
    }

    /// Rows of a raw query's single integer column.
    static func integers(_ store: any SQLStore, _ query: SQLQueryString, column: String) async throws -> [Int] {
        try await store.withSession { db in
            try await db.raw(query).all().map { try $0.decode(column: column, as: Int.self) }
        }
    }
}

/// The error a test throws on purpose to abort a write.
struct DeliberateFailure: Error {}
