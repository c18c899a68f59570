/// An open database the repositories run their sessions and transactions on: the store's seam to
/// an engine. ``SQLiteStore`` is the embedded default; `PostgresStore` serves several servers.
public protocol SQLStore: Sendable {
    /// How the engine spells what differs between engines (placeholders, DDL types).
    var dialect: SQLDialect { get }

    /// Runs `body` on one connection, outside any transaction.
    func withSession<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T

    /// Runs `body` in one transaction at `isolation`: all of it commits or none of it does. An
    /// engine that detects a conflict with a concurrent transaction may run `body` again, so
    /// `body` must only touch the database. An engine whose transactions are all serializable
    /// anyway (SQLite: one writer at a time) may ignore `isolation`.
    func transaction<T: Sendable>(isolation: TransactionIsolation, _ body: (any SQLDatabase) async throws -> T) async throws -> T

    /// Runs `body` in one transaction that first waits for the database's one migration lock and
    /// then sees everything committed before it got the lock (schema changes at start, which
    /// servers starting together must apply once).
    func migrationTransaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T

    /// Calls `observer` with the hosts whose desired-state revision (`host_revisions`) a
    /// committed transaction moved, in this server or in another one on the same database.
    func onHostsChanged(_ observer: @escaping @Sendable (HostChanges) -> Void)

    /// Tells the other servers on the database of `topic` (a word), after a commit that changed it.
    func announce(_ topic: String) async throws

    /// Calls `observer` when another server announces `topic`.
    func onAnnouncement(_ topic: String, _ observer: @escaping @Sendable () -> Void)

    /// Closes the database. Call once, after the server has stopped.
    func close() async throws
}

extension SQLStore {
    /// Runs `body` in one transaction that is serializable with every other.
    public func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await transaction(isolation: .serializable, body)
    }
}

/// How strictly a transaction is kept apart from concurrent ones.
public enum TransactionIsolation: Sendable {
    /// Serializable with every other transaction: the default.
    case serializable
    /// Every read from one snapshot; two transactions that write the same row conflict, and
    /// nothing else does. Only for a transaction whose every conflict is made a write to one
    /// row: a claim writes its host's generation, so claims on one host conflict while rows
    /// they merely read (other hosts' servers on the same index page) cause no retries.
    case snapshot
}

/// The SQL engines Patchbay runs on.
public enum SQLDialect: String, Sendable {
    /// The embedded SQLite library.
    case sqlite
    /// A PostgreSQL server.
    case postgres
}

/// Which hosts' desired-state revisions moved in a commit.
public enum HostChanges: Sendable, Equatable {
    /// These hosts' revisions moved.
    case hosts(Set<String>)
    /// Any host's may have moved (notifications may have gone unheard).
    case all
}
