import Logging

/// One versioned schema step: statements applied together in one transaction.
public struct Migration: Sendable {
    /// Strictly increasing version number.
    public var version: Int
    /// A short name for logs.
    public var name: String
    /// The statements, in SQLite's spelling.
    public var statements: [String]
    /// PostgreSQL's own statements where a mechanical translation of `statements` would not do
    /// (SQLite's JSON functions); nil translates them.
    public var postgres: [String]?

    /// Creates a migration.
    public init(version: Int, name: String, statements: [String], postgres: [String]? = nil) {
        self.version = version
        self.name = name
        self.statements = statements
        self.postgres = postgres
    }

    /// The statements for `dialect`. PostgreSQL's `INTEGER` is 32 bits, so SQLite's becomes `BIGINT`.
    public func statements(for dialect: SQLDialect) -> [String] {
        switch dialect {
        case .sqlite: statements
        case .postgres: postgres ?? statements.map(Self.postgresDDL)
        }
    }

    static func postgresDDL(_ statement: String) -> String {
        statement.replacingOccurrences(of: "INTEGER", with: "BIGINT")
    }
}

/// Applies pending migrations at start and records them in `schema_migrations`. Each step is one
/// migration transaction (``SQLStore/migrationTransaction(_:)``), so servers starting together
/// on one PostgreSQL database apply every step exactly once.
struct Migrator {
    let migrations: [Migration]

    func migrate(_ store: any SQLStore, logger: Logger) async throws {
        let dialect = store.dialect
        try await store.migrationTransaction { db in
            try await db.raw(SQLQueryString(Migration.postgresDDLIf(dialect, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)
                """))).run()
        }
        for migration in migrations.sorted(by: { $0.version < $1.version }) {
            let applied = try await store.migrationTransaction { db in
                let versions = try await db.raw("SELECT version FROM schema_migrations").all()
                    .map { try $0.decode(column: "version", as: Int.self) }
                let newest = versions.max() ?? 0
                if let known = migrations.map(\.version).max(), newest > known {
                    throw PatchbayStoreError.schemaTooNew(found: newest, known: known)
                }
                guard !versions.contains(migration.version) else { return false }
                for statement in migration.statements(for: dialect) {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                try await db.raw("INSERT INTO schema_migrations (version, name) VALUES (\(bind: migration.version), \(bind: migration.name))").run()
                return true
            }
            if applied { logger.info("schema migrated", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"]) }
        }
    }
}

extension SQLStore {
    /// Applies the schema's pending migrations (each under the migration lock); call once when
    /// opening the store.
    public func migrate(logger: Logger) async throws {
        try await Migrator(migrations: Schema.migrations).migrate(self, logger: logger)
    }
}

extension Migration {
    static func postgresDDLIf(_ dialect: SQLDialect, _ statement: String) -> String {
        dialect == .postgres ? postgresDDL(statement) : statement
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
