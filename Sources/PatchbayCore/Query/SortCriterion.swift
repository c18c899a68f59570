/// One `sort_key`/`sort_dir` pair of a list query.
public struct SortCriterion: Sendable, Equatable, Hashable {
    /// The attribute to sort on.
    public var key: String
    /// True for `asc`, false for `desc`.
    public var ascending: Bool

    /// Creates a criterion; ascending unless told otherwise.
    public init(key: String, ascending: Bool = true) {
        self.key = key
        self.ascending = ascending
    }

    /// Orders two resources by this criterion: negative, zero or positive like `strcmp`.
    func compare(_ lhs: [String: JSONValue], _ rhs: [String: JSONValue]) -> Int {
        let order = JSONValueOrdering.compare(lhs[key] ?? .null, rhs[key] ?? .null)
        return ascending ? order : -order
    }
}

/// The total order the query engine sorts attribute values by: null (or missing) first, then
/// booleans (false < true), numbers numerically, strings by Unicode scalar, lists element-wise;
/// dicts compare equal among themselves.
enum JSONValueOrdering {
    /// Negative when `lhs` sorts first, zero when equal, positive when `rhs` sorts first.
    static func compare(_ lhs: JSONValue, _ rhs: JSONValue) -> Int {
        switch (lhs, rhs) {
        case (.null, .null), (.object, .object):
            return 0
        case (.bool(let a), .bool(let b)):
            return a == b ? 0 : (a ? 1 : -1)
        case (.int(let a), .int(let b)):
            return a == b ? 0 : (a < b ? -1 : 1)
        case (.int, .double), (.double, .int), (.double, .double):
            let a = numeric(lhs), b = numeric(rhs)
            return a == b ? 0 : (a < b ? -1 : 1)
        case (.string(let a), .string(let b)):
            return compareScalars(a, b)
        case (.array(let a), .array(let b)):
            for (x, y) in zip(a, b) {
                let order = compare(x, y)
                if order != 0 { return order }
            }
            return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
        default:
            return rank(lhs) < rank(rhs) ? -1 : 1
        }
    }

    /// Compares strings scalar by scalar (no Unicode normalisation, unlike `String.<`).
    private static func compareScalars(_ a: String, _ b: String) -> Int {
        var left = a.unicodeScalars.makeIterator(), right = b.unicodeScalars.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?) where x != y: return x.value < y.value ? -1 : 1
            default: continue
            }
        }
    }

    private static func numeric(_ value: JSONValue) -> Double {
        switch value {
        case .int(let i): Double(i)
        case .double(let d): d
        default: 0
        }
    }

    private static func rank(_ value: JSONValue) -> Int {
        switch value {
        case .null: 0
        case .bool: 1
        case .int, .double: 2
        case .string: 3
        case .array: 4
        case .object: 5
        }
    }
}
