/// A failure reported by SQLite (or by reading its rows), with SQLite's own message so that
/// constraint violations can be mapped to the domain conflict they stand for.
public enum SQLiteError: Error, CustomStringConvertible {
    /// SQLite returned an error code.
    case engine(code: Int32, message: String, sql: String)
    /// A column was missing or of another type.
    case decoding(column: String, expected: String)
    /// The database could not be opened.
    case open(path: String, message: String)

    /// SQLite's message with the code, for logs and the constraint mapper.
    public var description: String {
        switch self {
        case .engine(let code, let message, let sql): "SQLite error \(code): \(message) (in: \(sql.prefix(120)))"
        case .decoding(let column, let expected): "column '\(column)' is missing or not \(expected)"
        case .open(let path, let message): "cannot open SQLite database \(path): \(message)"
        }
    }
}
