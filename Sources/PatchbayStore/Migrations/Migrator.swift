import Logging

/// One versioned schema step: statements applied together in one transaction.
public struct Migration: Sendable {
    /// Strictly increasing version number.
    public var version: Int
    /// A short name for logs.
    public var name: String
    /// The DDL statements.
    public var statements: [String]

    /// Creates a migration.
    public init(version: Int, name: String, statements: [String]) {
        self.version = version
        self.name = name
        self.statements = statements
    }
}

/// Applies pending migrations at start and records them in `schema_migrations`.
struct Migrator {
    let migrations: [Migration]

    func migrate(_ store: SQLiteStore, logger: Logger) async throws {
        try await store.transaction { db in
            try await db.raw("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)
                """).run()
        }
        let applied = try await store.withSession { db in
            try await db.raw("SELECT version FROM schema_migrations").all().map { try $0.decode(column: "version", as: Int.self) }
        }
        let newest = applied.max() ?? 0
        if let known = migrations.map(\.version).max(), newest > known {
            throw PatchbayStoreError.schemaTooNew(found: newest, known: known)
        }
        for migration in migrations.sorted(by: { $0.version < $1.version }) where !applied.contains(migration.version) {
            try await store.transaction { db in
                for statement in migration.statements {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                try await db.raw("INSERT INTO schema_migrations (version, name) VALUES (\(bind: migration.version), \(bind: migration.name))").run()
            }
            logger.info("schema migrated", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
        }
    }
}

/// Failures of the store itself, as opposed to domain conflicts.
public enum PatchbayStoreError: Error, CustomStringConvertible {
    /// The database was written by a newer Patchbay.
    case schemaTooNew(found: Int, known: Int)
    /// A stored document could not be decoded.
    case corruptDocument(table: String, id: String)

    /// A sentence for the operator.
    public var description: String {
        switch self {
        case .schemaTooNew(let found, let known):
            "database schema version \(found) is newer than this build knows (\(known)); upgrade patchbay"
        case .corruptDocument(let table, let id):
            "stored \(table) row \(id) could not be decoded"
        }
    }
}
