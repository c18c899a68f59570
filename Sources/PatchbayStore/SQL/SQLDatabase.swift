/// Something that runs SQL statements: the store's one seam to a database engine.
public protocol SQLDatabase: Sendable {
    /// Runs one statement and returns its rows.
    func execute(_ query: SQLQueryString) async throws -> [SQLRow]
}

extension SQLDatabase {
    /// A statement ready to run, in the style `db.raw("…").all()`.
    public func raw(_ query: SQLQueryString) -> SQLStatement { SQLStatement(database: self, query: query) }
}

/// A statement bound to a database, run with `run()`, `all()` or `first()`.
public struct SQLStatement: Sendable {
    let database: any SQLDatabase
    let query: SQLQueryString

    /// Runs it, ignoring rows.
    public func run() async throws { _ = try await database.execute(query) }
    /// Runs it and returns every row.
    public func all() async throws -> [SQLRow] { try await database.execute(query) }
    /// Runs it and returns the first row, if any.
    public func first() async throws -> SQLRow? { try await database.execute(query).first }
}
