import CSQLite3

/// One SQLite connection used synchronously, with a cache of prepared statements.
///
/// Statements run on the calling task's thread: each takes microseconds (WAL mode, no fsync on
/// commit), so handing each one to a thread pool — two context switches per statement — would
/// cost more than the work. Callers serialise access (see `SQLiteStore`).
final class SQLiteConnection: @unchecked Sendable {
    private var handle: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    let path: String

    /// Opens (creating if needed) `path`, or an in-memory database for `:memory:`.
    init(path: String) throws {
        self.path = path
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
        var database: OpaquePointer?
        let status = sqlite3_open_v2(path, &database, flags, nil)
        guard status == SQLITE_OK, let database else {
            let message = database.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(database)
            throw SQLiteError.open(path: path, message: message)
        }
        handle = database
        sqlite3_extended_result_codes(database, 1)
    }

    deinit { close() }

    /// Runs one statement with its binds and returns its rows.
    func execute(_ query: SQLQueryString) throws -> [SQLRow] {
        let statement = try prepared(query.sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (index, value) in query.binds.enumerated() {
            try check(bind(value, to: statement, at: Int32(index + 1)), query.sql)
        }
        var rows: [SQLRow] = []
        var columns: [String]?
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { return rows }
            guard status == SQLITE_ROW else { try check(status, query.sql); return rows }
            let count = sqlite3_column_count(statement)
            let names = columns ?? (0..<count).map { String(cString: sqlite3_column_name(statement, $0)) }
            columns = names
            rows.append(SQLRow(columns: names, values: (0..<count).map { column(statement, $0) }))
        }
    }

    /// Registers the SQL function the host-change triggers call (see ``HostChangeCollector``).
    func register(_ collector: HostChangeCollector) throws {
        guard let handle else { throw SQLiteError.open(path: path, message: "closed") }
        try check(collector.register(on: handle), "patchbay_host_changed")
    }

    /// Closes the connection and finalises every cached statement.
    func close() {
        for statement in statements.values { sqlite3_finalize(statement) }
        statements.removeAll()
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let cached = statements[sql] { return cached }
        var statement: OpaquePointer?
        try check(sqlite3_prepare_v2(handle, sql, -1, &statement, nil), sql)
        guard let statement else { throw SQLiteError.engine(code: SQLITE_MISUSE, message: "empty statement", sql: sql) }
        statements[sql] = statement
        return statement
    }

    private func bind(_ value: SQLValue, to statement: OpaquePointer, at index: Int32) -> Int32 {
        switch value {
        case .null: sqlite3_bind_null(statement, index)
        case .integer(let number): sqlite3_bind_int64(statement, index, number)
        case .real(let number): sqlite3_bind_double(statement, index, number)
        case .text(let text): sqlite3_bind_text(statement, index, text, -1, patchbay_sqlite_transient())
        }
    }

    private func column(_ statement: OpaquePointer, _ index: Int32) -> SQLValue {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, index))
        case SQLITE_NULL: return .null
        default:
            guard let bytes = sqlite3_column_text(statement, index) else { return .null }
            let length = Int(sqlite3_column_bytes(statement, index))
            return .text(String(decoding: UnsafeBufferPointer(start: bytes, count: length), as: UTF8.self))
        }
    }

    private func check(_ status: Int32, _ sql: String) throws {
        guard status != SQLITE_OK, status != SQLITE_DONE, status != SQLITE_ROW else { return }
        let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "closed"
        throw SQLiteError.engine(code: status, message: message, sql: sql)
    }
}
