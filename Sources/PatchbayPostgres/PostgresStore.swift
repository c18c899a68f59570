import Logging
import PatchbayCore
import PatchbayStore
import PostgresNIO
import Synchronization

/// A PostgreSQL database shared by any number of `patchbay serve` processes: a pooled client,
/// serializable transactions run again on a conflict with another server's, and commits
/// announced with `NOTIFY` so every server's long-polls wake (see `PostgresCommitListener`).
public final class PostgresStore: SQLStore {
    /// The channel of the schema the connections use (channels are database-wide): host changes
    /// (from the `host_revisions` triggers) and announcements are sent on it.
    static func channel(schema: String) -> String { "patchbay_" + schema }
    /// How often a transaction that lost a conflict runs again before its error is returned.
    static let attempts = 60

    private let client: PostgresClient
    private let running: Task<Void, Never>
    private let listener: PostgresCommitListener
    private let logger: Logger
    /// PostgreSQL.
    public var dialect: SQLDialect { .postgres }

    private init(client: PostgresClient, running: Task<Void, Never>, listener: PostgresCommitListener, logger: Logger) {
        self.client = client
        self.running = running
        self.listener = listener
        self.logger = logger
    }

    /// Connects to `location`, creates its schema when named and missing, and runs pending
    /// migrations (under the migration lock, so servers starting together migrate once).
    public static func open(_ location: PostgresLocation, logger: Logger) async throws -> PostgresStore {
        if let schema = location.schema { try await createSchema(schema, at: location, logger: logger) }
        let client = PostgresClient(configuration: location.configuration, backgroundLogger: logger)
        let running = Task { await client.run() }
        // Give run() its start before the first lease (leasing earlier works, but is warned of).
        try await Task.sleep(for: .milliseconds(5))
        let listener = PostgresCommitListener(logger: logger)
        let store = PostgresStore(client: client, running: running, listener: listener, logger: logger)
        do {
            try await store.migrate(logger: logger)
            let schema = try await store.withSession { db in
                try await db.raw("SELECT current_schema() AS name").first()?.decode(column: "name", as: String.self)
            }
            let name = channel(schema: schema ?? "public")
            // PostgreSQL names hold 63 bytes; a longer channel would fail every write that notifies.
            guard name.utf8.count <= 63 else {
                throw PatchbayError.badRequest("schema name '\(schema ?? "")' is too long: at most \(63 - 9) bytes",
                                               code: "store.schema_name_too_long")
            }
            await listener.start(client, channel: name)
        } catch {
            try? await store.close()
            throw error
        }
        return store
    }

    public func withSession<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { connection in
                try await body(PostgresExecutor(connection: connection, logger: logger))
            }
        } catch let error as PSQLError {
            throw PostgresStoreError(error)
        }
    }

    public func transaction<T: Sendable>(isolation: TransactionIsolation,
                                         _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await withSession { db in try await once(db, isolation, body) }
            } catch let error as PostgresStoreError where error.isRetryable {
                // Never a 500: a request that kept losing to concurrent ones is told to retry.
                guard attempt < Self.attempts else { throw PatchbayError.contention(attempts: attempt) }
                attempt += 1
                // A random pause that grows with the tries, so the contenders spread out.
                try await Task.sleep(for: .milliseconds(Int.random(in: 1...min(4 * attempt, 100))))
            }
        }
    }

    /// READ COMMITTED, so that once the advisory lock is held every statement sees what the
    /// lock's previous holder committed (a SERIALIZABLE snapshot would predate the wait).
    public func migrationTransaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await withSession { db in
            try await db.raw("BEGIN ISOLATION LEVEL READ COMMITTED").run()
            do {
                try await db.raw("SELECT pg_advisory_xact_lock(\(bind: Self.migrationLockKey))").run()
                let value = try await body(db)
                try await db.raw("COMMIT").run()
                return value
            } catch {
                _ = try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    /// The key of the transaction-scoped advisory lock migrations take ("pbmi").
    static let migrationLockKey = 0x7062_6d69

    /// One try: `BEGIN … COMMIT` at SERIALIZABLE, or REPEATABLE READ for a snapshot. The hosts
    /// whose revision it moved are announced by the database when it commits (`pg_notify` in
    /// the triggers), to every server.
    private func once<T: Sendable>(_ db: any SQLDatabase, _ isolation: TransactionIsolation,
                                   _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        switch isolation {
        case .serializable: try await db.raw("BEGIN ISOLATION LEVEL SERIALIZABLE").run()
        case .snapshot: try await db.raw("BEGIN ISOLATION LEVEL REPEATABLE READ").run()
        }
        do {
            let value = try await body(db)
            try await db.raw("COMMIT").run()
            return value
        } catch {
            _ = try? await db.raw("ROLLBACK").run()
            throw error
        }
    }

    public func onHostsChanged(_ observer: @escaping @Sendable (HostChanges) -> Void) {
        listener.add(observer)
    }

    public func announce(_ topic: String) async throws {
        guard topic.allSatisfy({ $0.isLetter || $0 == "_" }), let channel = listener.channel else { return }
        try await withSession { db in
            try await db.raw("SELECT pg_notify(\(bind: channel), \(bind: listener.token + " " + topic))").run()
        }
    }

    public func onAnnouncement(_ topic: String, _ observer: @escaping @Sendable () -> Void) {
        listener.add(topic: topic, observer)
    }

    public func close() async throws {
        listener.stop()
        running.cancel()
        _ = await running.value
    }

    private static func createSchema(_ schema: String, at location: PostgresLocation, logger: Logger) async throws {
        var plain = location
        plain.schema = nil
        let client = PostgresClient(configuration: plain.configuration, backgroundLogger: logger)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await client.run() }
            try await Task.sleep(for: .milliseconds(5))
            do {
                // Two servers may create it at once: the second one's unique violation is harmless.
                try await client.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)"), logger: logger)
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {}
            group.cancelAll()
        }
    }
}
