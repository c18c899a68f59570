import Foundation
import Logging
import PatchbayPostgres
import PatchbayStore

/// `patchbay bench --suite store`: what one statement and one transaction cost through the
/// store's seam (no HTTP), on a fresh SQLite file or on `--database` (PostgreSQL): the floor
/// under every request that touches the database.
struct StoreBench {
    let database: String?

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-store-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let location = database.map { "\($0)?search_path=bench\(UUID().uuidString.prefix(8).lowercased())" }
            ?? directory.appendingPathComponent("bench.sqlite").path
        let store = try await DatabaseOpener.open(location, logger: logger)
        let engine = database == nil ? "SQLite" : "PostgreSQL"
        var statements = Latencies()
        for _ in 0..<2_000 {
            let began = ContinuousClock.now
            _ = try await store.withSession { db in try await db.raw("SELECT 1 AS one").all() }
            statements.add(began.duration(to: .now).milliseconds)
        }
        print("store (\(engine)): one SELECT 1 in a session: \(statements.summary)")
        var transactions = Latencies()
        for _ in 0..<1_000 {
            let began = ContinuousClock.now
            try await store.transaction { db in
                for _ in 0..<6 { _ = try await db.raw("SELECT 1 AS one").all() }
            }
            transactions.add(began.duration(to: .now).milliseconds)
        }
        print("store (\(engine)): a transaction of 6 × SELECT 1: \(transactions.summary)")
        try await store.close()
    }
}
