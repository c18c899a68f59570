import Foundation
import Logging
import PatchbayStore
import PostgresNIO

/// The `SQLDatabase` face of one leased PostgreSQL connection: the store's `?` placeholders
/// become `$1…$n`, values are bound with their types, and rows come back as `SQLRow`s.
struct PostgresExecutor: SQLDatabase {
    let connection: PostgresConnection
    let logger: Logger

    func execute(_ query: SQLQueryString) async throws -> [SQLRow] {
        var bindings = PostgresBindings(capacity: query.binds.count)
        for value in query.binds {
            switch value {
            case .null: bindings.appendNull()
            case .integer(let number): bindings.append(number)
            case .real(let number): bindings.append(number)
            case .text(let text): bindings.append(text)
            }
        }
        do {
            let rows = try await connection.query(PostgresQuery(unsafeSQL: Self.numbered(query.sql), binds: bindings), logger: logger)
            var result: [SQLRow] = []
            for try await row in rows {
                let cells = Array(row)
                result.append(SQLRow(columns: cells.map(\.columnName), values: try cells.map(Self.value)))
            }
            return result
        } catch let error as PSQLError {
            throw PostgresStoreError(error, sql: query.sql)
        }
    }

    /// `?` placeholders numbered `$1…$n`; a `?` inside a quoted literal or identifier stays.
    static func numbered(_ sql: String) -> String {
        var result = ""
        result.reserveCapacity(sql.utf8.count + 8)
        var quote: Character?
        var count = 0
        for character in sql {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "?" {
                count += 1
                result += "$\(count)"
                continue
            }
            result.append(character)
        }
        return result
    }

    /// A cell as the store's value: integers (and booleans) as integers, floating and exact
    /// numbers as integers when whole (`SUM` of a `BIGINT` is `numeric`), else as text.
    static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
        case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .float4, .float8: return .real(try cell.decode(Double.self))
        case .numeric:
            let number = try cell.decode(Decimal.self)
            var rounded = Decimal(), copy = number
            NSDecimalRound(&rounded, &copy, 0, .plain)
            return rounded == number ? .integer(NSDecimalNumber(decimal: number).int64Value)
                : .real(NSDecimalNumber(decimal: number).doubleValue)
        default: return .text(try cell.decode(String.self))
        }
    }
}

/// An error PostgreSQL reported, with its SQLSTATE and message (postgres-nio's own description
/// hides both). Constraint violations keep PostgreSQL's words ("duplicate key value violates
/// unique constraint …"), which the repositories turn into conflicts.
public struct PostgresStoreError: Error, CustomStringConvertible {
    /// The SQLSTATE code, e.g. `23505` for a unique violation; nil for a connection failure.
    public let sqlState: String?
    /// What went wrong.
    public let description: String

    init(_ error: PSQLError, sql: String? = nil) {
        sqlState = error.serverInfo?[.sqlState]
        var message = error.serverInfo?[.message] ?? "\(error.code)"
        if sqlState == "23505", let table = error.serverInfo?[.tableName], let columns = Self.keyColumns(error.serverInfo?[.detail]) {
            // The store names a unique key the engine-neutral way: `table.column, table.column`.
            message = "UNIQUE constraint failed: " + columns.map { "\(table).\($0)" }.joined(separator: ", ") + " (\(message))"
        }
        description = sqlState.map { "PostgreSQL \($0): \(message)" } ?? "PostgreSQL: \(message)"
    }

    /// The columns of `Key (a, b)=(…) already exists.`
    static func keyColumns(_ detail: String?) -> [String]? {
        guard let detail, let open = detail.range(of: "Key ("), let close = detail.range(of: ")=", range: open.upperBound..<detail.endIndex)
        else { return nil }
        return detail[open.upperBound..<close.lowerBound].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// A conflict with a concurrent transaction (serialization failure or deadlock): run it again.
    var isRetryable: Bool { sqlState == "40001" || sqlState == "40P01" }
}
