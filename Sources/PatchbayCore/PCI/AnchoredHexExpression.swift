/// A regular expression tested against the whole fixed-width hex text of an address field.
///
/// `Regex` is not `Sendable` because a regex built in code may hold custom components. This one
/// is always built from a pattern string, has no custom components and is never mutated after
/// `init`, so sharing it between tasks is safe; hence `@unchecked Sendable` on the box.
final class AnchoredHexExpression: @unchecked Sendable, Hashable {
    /// The expression's source text, as the operator wrote it.
    let pattern: String
    /// How many hex digits the field text has (4 domain, 2 bus and slot, 1 function).
    let width: Int
    private let regex: Regex<AnyRegexOutput>

    /// Compiles `pattern`; throws the compiler's complaint as a reason.
    init(pattern: String, width: Int) throws(PCIConfigReason) {
        do {
            regex = try Regex(pattern)
        } catch {
            throw PCIConfigReason("'\(pattern)' is not a valid regular expression (\(error))")
        }
        self.pattern = pattern
        self.width = width
    }

    /// Whether the lowercase hex text of `value`, zero-padded to `width`, wholly matches.
    func matches(_ value: Int) -> Bool {
        (try? regex.wholeMatch(in: PCIConfigText.hex(value, width: width))) != nil
    }

    static func == (lhs: AnchoredHexExpression, rhs: AnchoredHexExpression) -> Bool {
        lhs.pattern == rhs.pattern && lhs.width == rhs.width
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(pattern)
        hasher.combine(width)
    }
}
