/// The `address` of a `[pci]device_spec` entry: which PCI addresses the entry selects.
///
/// Nova accepts two forms, and so does Patchbay:
/// - a **glob** string `[[[[domain]:]bus]:][slot][.[function]]` in hex, where a blank or `*`
///   field means any value (`"*:0a:00.*"`, `":0a:00."`, `"0000:0a:00.1"`);
/// - a **dict of regular expressions** `{"domain": …, "bus": …, "slot": …, "function": …}`, each
///   tested against the field's lowercase hex text of fixed width (4, 2, 2 and 1 digits); a
///   missing key means any value.
///
/// **Difference from Nova:** Nova tests each regex with Python's `re.match`, which anchors only
/// at the start, so `"bus": "1"` also selects bus `1f` and `"slot": "0"` selects slots `00`–`0f`.
/// Patchbay anchors at both ends (Swift `wholeMatch`): `"1"` selects nothing on a 2-digit bus and
/// `"1."` selects `10`–`1f`. Write the full field (`"01"`) or an explicit `.*` suffix to match
/// several values.
public struct AddressPattern: Sendable, Hashable, CustomStringConvertible {
    /// The form the operator wrote the address in.
    public enum Form: String, Sendable, Hashable {
        /// A glob string.
        case glob
        /// A dict of regular expressions.
        case regex
    }

    /// Whether this pattern came from a glob string or a regex dict.
    public let form: Form
    /// The address as configured: the glob text (lowercased), or the regex dict as compact JSON.
    public let description: String
    /// The one address a glob with every field given selects; nil for wildcards and regex dicts.
    ///
    /// Only such a fully specified address "covers" the VFs of the PF it names, as in Nova.
    public let exactAddress: PCIAddress?

    /// The per-field tests; a regex domain is `deferred` to `domainExpression`.
    let fields: AddressFieldTests
    /// The compiled domain regex of a regex dict, when one other than `.*` was given.
    let domainExpression: AnchoredHexExpression?

    init(form: Form, description: String, fields: AddressFieldTests, domainExpression: AnchoredHexExpression? = nil) {
        self.form = form
        self.description = description
        self.fields = fields
        self.domainExpression = domainExpression
        if form == .glob, let domain = fields.domain.exactValue, let bus = fields.bus.exactValue,
           let slot = fields.slot.exactValue, let function = fields.function.exactValue {
            exactAddress = PCIAddress(domain: domain, bus: bus, slot: slot, function: function)
        } else {
            exactAddress = nil
        }
    }

    /// A pattern that selects every address (a glob of `*`).
    public static let any = AddressPattern(form: .glob, description: "*", fields: .any)

    /// Whether `address` is selected. Cheap bus/slot/function tests run before the domain.
    public func matches(_ address: PCIAddress) -> Bool {
        guard fields.matches(address) else { return false }
        return domainExpression?.matches(Int(address.domain)) ?? true
    }

    /// Patterns are equal when written in the same form with the same text.
    public static func == (lhs: AddressPattern, rhs: AddressPattern) -> Bool {
        lhs.form == rhs.form && lhs.description == rhs.description
    }

    /// Hashes the form and text.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(form)
        hasher.combine(description)
    }
}
