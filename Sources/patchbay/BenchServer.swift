import Foundation
import Logging
import PatchbayAPI
import PatchbayPostgres
import ServiceLifecycle

/// A live server for a benchmark: a fresh SQLite file in its own temporary directory (or a fresh
/// schema in a PostgreSQL database), HTTP on a
/// free port of 127.0.0.1, stopped gracefully (and the directory removed) when `body` returns.
enum BenchServer {
    /// Runs `body` with the server and its `HOST:PORT`; `configure` adjusts the config (parsed
    /// from `yaml`) before the server starts.
    /// `database` is a PostgreSQL URL to run on instead (in a new schema, left behind), or nil.
    static func with(yaml: String, adminPassword: String, database: String? = nil, configure: (inout ServerConfig) -> Void = { _ in },
                     _ body: (PatchbayServer, String) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        var config = try ServerConfig.load(yaml: yaml)
        config.listen = "127.0.0.1:0"
        config.database = database.map { "\($0)?search_path=bench\(UUID().uuidString.prefix(8).lowercased())" }
            ?? directory.appendingPathComponent("bench.sqlite").path
        config.images.directory = directory.appendingPathComponent("images").path
        configure(&config)
        let ready = AsyncStream<String>.makeStream()
        let server = try await PatchbayServer.make(config: config, logger: logger, adminPassword: adminPassword,
                                                   openStore: DatabaseOpener.open) {
            ready.continuation.yield($0)
        }
        let group = ServiceGroup(configuration: .init(services: server.services, logger: logger))
        async let running: Void = group.run()
        var addresses = ready.stream.makeAsyncIterator()
        if let address = await addresses.next() {
            do {
                try await body(server, address)
            } catch {
                print("bench failed: \(error)")
            }
        }
        await group.triggerGracefulShutdown()
        try await running
        try await server.close()
    }
}
