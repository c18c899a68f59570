/// SQL text with its bound values, written with interpolation:
/// `"SELECT doc FROM ports WHERE id = \(bind: id)"` becomes `… WHERE id = ?` plus one bind.
/// Values are always bound, never spliced into the text; `\(unsafeRaw:)` is for identifiers
/// the code itself chooses (table names).
public struct SQLQueryString: ExpressibleByStringInterpolation, Sendable {
    /// The statement text with `?` placeholders.
    public private(set) var sql: String
    /// The values for the placeholders, in order.
    public private(set) var binds: [SQLValue]

    /// A statement without binds.
    public init(stringLiteral value: String) {
        sql = value
        binds = []
    }

    /// A statement from text known at run time (migrations); it must carry no user data.
    public init(_ text: String) {
        sql = text
        binds = []
    }

    /// Builds a statement from its interpolation.
    public init(stringInterpolation: Interpolation) {
        sql = stringInterpolation.sql
        binds = stringInterpolation.binds
    }

    /// Appends `other`'s text and binds (for statements built from a list).
    public mutating func append(_ other: SQLQueryString) {
        sql += other.sql
        binds += other.binds
    }

    /// The interpolation that turns `\(bind:)` into placeholders.
    public struct Interpolation: StringInterpolationProtocol {
        var sql = ""
        var binds: [SQLValue] = []

        /// Reserves room for the text.
        public init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + interpolationCount)
        }

        /// Appends literal SQL text.
        public mutating func appendLiteral(_ literal: String) { sql += literal }

        /// A bound value.
        public mutating func appendInterpolation(bind value: some SQLBindable) {
            sql += "?"
            binds.append(value.sqlValue)
        }

        /// Text spliced verbatim: only for identifiers chosen by the code, never for input.
        public mutating func appendInterpolation(unsafeRaw text: String) { sql += text }
    }
}
