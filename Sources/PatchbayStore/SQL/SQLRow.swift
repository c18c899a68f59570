/// One result row: column names and values.
public struct SQLRow: Sendable {
    let columns: [String]
    let values: [SQLValue]

    /// A row of `values` under the names `columns`, in the same order.
    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of a column, or `.null` when there is no such column. A name is matched exactly
    /// first, then regardless of case (PostgreSQL folds unquoted names to lower case).
    public subscript(column: String) -> SQLValue {
        guard let index = columns.firstIndex(of: column) ?? columns.firstIndex(where: { $0.lowercased() == column.lowercased() })
        else { return .null }
        return values[index]
    }

    /// A text column; throws when it is missing or not text.
    public func decode(column: String, as: String.Type) throws -> String {
        guard let text = self[column].text else { throw SQLiteError.decoding(column: column, expected: "text") }
        return text
    }

    /// An integer column; throws when it is missing or not an integer.
    public func decode(column: String, as: Int.Type) throws -> Int {
        guard let number = self[column].integer else { throw SQLiteError.decoding(column: column, expected: "integer") }
        return Int(number)
    }
}
