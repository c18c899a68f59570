/// A value bound to, or read from, an SQL statement.
public enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    /// The text, or nil for other cases.
    public var text: String? { if case .text(let value) = self { value } else { nil } }
    /// The integer, or nil for other cases.
    public var integer: Int64? { if case .integer(let value) = self { value } else { nil } }
}

/// Types that can be bound into a statement with `\(bind: value)`.
public protocol SQLBindable {
    /// The SQL value.
    var sqlValue: SQLValue { get }
}

extension String: SQLBindable {
    /// Bound as text.
    public var sqlValue: SQLValue { .text(self) }
}

extension Int: SQLBindable {
    /// Bound as a 64-bit integer.
    public var sqlValue: SQLValue { .integer(Int64(self)) }
}

extension Int64: SQLBindable {
    /// Bound as a 64-bit integer.
    public var sqlValue: SQLValue { .integer(self) }
}

extension Double: SQLBindable {
    /// Bound as a real.
    public var sqlValue: SQLValue { .real(self) }
}
extension Optional: SQLBindable where Wrapped: SQLBindable {
    /// The wrapped value, or `NULL`.
    public var sqlValue: SQLValue { map(\.sqlValue) ?? .null }
}
