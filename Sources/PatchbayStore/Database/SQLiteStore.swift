import Logging
import SQLKit
import SQLiteKit

/// The embedded SQLite database: one connection, serialised by an async lock, tuned for a
/// control plane (WAL, foreign keys, a busy timeout instead of an endless busy handler).
public final class SQLiteStore: Sendable {
    private let connection: SQLiteConnection
    private let lock = AsyncLock()
    private let sql: any SQLDatabase
    /// The logger queries and migrations report to.
    public let logger: Logger

    private init(connection: SQLiteConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
        self.sql = connection.sql(queryLogLevel: nil)
    }

    /// Opens (creating if needed) the database at `path`, or an in-memory one for `:memory:`,
    /// applies connection settings and runs pending migrations.
    public static func open(path: String, logger: Logger) async throws -> SQLiteStore {
        let storage: SQLiteConnection.Storage = path == ":memory:" ? .memory : .file(path: path)
        let connection = try await SQLiteConnection.open(storage: storage, logger: logger)
        let store = SQLiteStore(connection: connection, logger: logger)
        do {
            try await store.withSession { db in
                // WAL + NORMAL: a commit survives a crash of the process; only a power loss can
                // drop the last transactions. Neutron on SQLite had neither.
                for pragma in ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL",
                               "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=5000"] {
                    try await db.raw(SQLQueryString(pragma)).run()
                }
            }
            try await Migrator(migrations: Schema.migrations).migrate(store, logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        return store
    }

    /// Runs `body` with exclusive use of the connection, outside any transaction.
    public func withSession<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await lock.withLock { try await body(sql) }
    }

    /// Runs `body` inside one `BEGIN IMMEDIATE … COMMIT` transaction; any thrown error rolls
    /// every statement back, so a multi-row change is all or nothing.
    public func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await lock.withLock {
            try await sql.raw("BEGIN IMMEDIATE").run()
            do {
                let value = try await body(sql)
                try await sql.raw("COMMIT").run()
                return value
            } catch {
                do { try await sql.raw("ROLLBACK").run() } catch {
                    logger.error("rollback failed", metadata: ["error": "\(error)"])
                }
                throw error
            }
        }
    }

    /// Closes the connection. Call once, after the server has stopped.
    public func close() async throws {
        try await lock.withLock { try await connection.close() }
    }
}
