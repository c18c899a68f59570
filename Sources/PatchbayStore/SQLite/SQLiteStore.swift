import Logging
import Synchronization

/// The embedded SQLite database: one synchronous connection, serialised by an async lock, tuned
/// for a control plane (WAL, foreign keys, a busy timeout).
public final class SQLiteStore: SQLStore {
    private let connection: SQLiteConnection
    private let lock = AsyncLock()
    private let hostObservers = Mutex<[@Sendable (HostChanges) -> Void]>([])
    private let hostChanges = HostChangeCollector()
    /// The logger migrations report to.
    public let logger: Logger
    /// SQLite.
    public var dialect: SQLDialect { .sqlite }

    private init(connection: SQLiteConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Opens (creating if needed) the database at `path`, or an in-memory one for `:memory:`,
    /// applies connection settings and runs pending migrations.
    public static func open(path: String, logger: Logger) async throws -> SQLiteStore {
        let store = SQLiteStore(connection: try SQLiteConnection(path: path), logger: logger)
        do {
            try await store.withSession { db in
                // WAL + NORMAL: a commit survives a crash of the process; only a power loss can
                // drop the last transactions. Neutron on SQLite had neither.
                for pragma in ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL",
                               "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=5000"] {
                    try await db.raw(SQLQueryString(pragma)).run()
                }
            }
            try store.connection.register(store.hostChanges)
            try await Migrator(migrations: Schema.migrations).migrate(store, logger: logger)
            try await store.withSession { db in
                for trigger in HostChangeCollector.triggers { try await db.raw(SQLQueryString(trigger)).run() }
            }
        } catch {
            store.connection.close()
            throw error
        }
        return store
    }

    /// Runs `body` with exclusive use of the connection, outside any transaction.
    public func withSession<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await lock.withLock { try await body(SQLiteExecutor(connection: connection)) }
    }

    /// Calls `observer` after every committed transaction that moved a host's revision.
    public func onHostsChanged(_ observer: @escaping @Sendable (HostChanges) -> Void) {
        hostObservers.withLock { $0.append(observer) }
    }

    /// Runs `body` inside one `BEGIN IMMEDIATE … COMMIT` transaction; any thrown error rolls
    /// every statement back, so a multi-row change is all or nothing. One writer at a time:
    /// every transaction is serializable, whatever `isolation` asks.
    public func transaction<T: Sendable>(isolation: TransactionIsolation,
                                         _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await lock.withLock {
            let db = SQLiteExecutor(connection: connection)
            try await db.raw("BEGIN IMMEDIATE").run()
            hostChanges.reset()
            do {
                let value = try await body(db)
                try await db.raw("COMMIT").run()
                let hosts = hostChanges.drain()
                if !hosts.isEmpty {
                    for observer in hostObservers.withLock({ $0 }) { observer(.hosts(hosts)) }
                }
                return value
            } catch {
                do { try await db.raw("ROLLBACK").run() } catch {
                    logger.error("rollback failed", metadata: ["error": "\(error)"])
                }
                throw error
            }
        }
    }

    /// Nothing to do: one server owns a SQLite file.
    public func announce(_ topic: String) async throws {}

    /// Never called: one server owns a SQLite file.
    public func onAnnouncement(_ topic: String, _ observer: @escaping @Sendable () -> Void) {}

    /// A write transaction: SQLite's `BEGIN IMMEDIATE` already excludes every other writer.
    public func migrationTransaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await transaction(body)
    }

    /// Closes the connection. Call once, after the server has stopped.
    public func close() async throws {
        await lock.withLock { connection.close() }
    }
}

/// The `SQLDatabase` face of the connection, valid while the store's lock is held.
struct SQLiteExecutor: SQLDatabase {
    let connection: SQLiteConnection

    func execute(_ query: SQLQueryString) async throws -> [SQLRow] { try connection.execute(query) }
}
