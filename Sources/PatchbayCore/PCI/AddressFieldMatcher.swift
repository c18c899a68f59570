/// How one field of a PCI address (domain, bus, slot or function) is tested by an `AddressPattern`.
///
/// Glob fields are `any` or `exact`. Regex fields over the small bus, slot and function ranges
/// are evaluated once, when the pattern is parsed, into a bitmap, so matching is a bit test. The
/// 65,536-value domain field is `deferred` to the pattern's compiled expression. Every case is
/// plain data, so matching loops copy it without reference counting.
enum AddressFieldMatcher: Sendable, Hashable {
    /// Every value matches (a blank or `*` glob field, or a missing regex key).
    case any
    /// Exactly one value matches.
    case exact(Int)
    /// The values listed in a precomputed bitmap match.
    case bitmap(AddressFieldBitmap)
    /// Decided by the owning pattern's regular expression; treated as a match here.
    case deferred

    /// Whether `value` is accepted (`deferred` fields answer true; the owner checks them).
    @inline(__always)
    func matches(_ value: Int) -> Bool {
        switch self {
        case .any, .deferred: true
        case .exact(let expected): value == expected
        case .bitmap(let bitmap): bitmap.contains(value)
        }
    }

    /// The single value this field accepts, or nil when it accepts several.
    var exactValue: Int? { if case .exact(let value) = self { value } else { nil } }
}

/// A set of field values below 256, stored as four 64-bit words.
struct AddressFieldBitmap: Sendable, Hashable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    /// Evaluates `expression` over `0..<limit` (limit ≤ 256) once.
    init(expression: AnchoredHexExpression, limit: Int) {
        for value in 0..<min(limit, 256) where expression.matches(value) {
            let bit = UInt64(1) << UInt64(value & 63)
            switch value >> 6 {
            case 0: words.0 |= bit
            case 1: words.1 |= bit
            case 2: words.2 |= bit
            default: words.3 |= bit
            }
        }
    }

    /// Whether `value` is in the set.
    @inline(__always)
    func contains(_ value: Int) -> Bool {
        guard (0..<256).contains(value) else { return false }
        let word: UInt64
        switch value >> 6 {
        case 0: word = words.0
        case 1: word = words.1
        case 2: word = words.2
        default: word = words.3
        }
        return word & (UInt64(1) << UInt64(value & 63)) != 0
    }

    static func == (lhs: Self, rhs: Self) -> Bool { lhs.words == rhs.words }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}

/// The four field tests of an address pattern, as plain data for hot loops.
struct AddressFieldTests: Sendable, Hashable {
    let domain: AddressFieldMatcher
    let bus: AddressFieldMatcher
    let slot: AddressFieldMatcher
    let function: AddressFieldMatcher

    /// Whether every field accepts its part of `address`; cheap small fields are tested first.
    @inline(__always)
    func matches(_ address: PCIAddress) -> Bool {
        function.matches(Int(address.function)) && slot.matches(Int(address.slot))
            && bus.matches(Int(address.bus)) && domain.matches(Int(address.domain))
    }

    /// Every field accepts every value.
    static let any = AddressFieldTests(domain: .any, bus: .any, slot: .any, function: .any)
}
