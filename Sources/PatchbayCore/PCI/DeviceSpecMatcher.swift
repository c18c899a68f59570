/// The plain-data part of a `DeviceSpec`, tested in hot loops without reference counting.
///
/// It settles vendor, product and glob or bus/slot/function tests by itself and answers
/// `undecided` only for what needs strings or a regex (devname, a regex domain).
struct DeviceSpecMatcher: Sendable, Hashable {
    /// The outcome of the plain-data tests.
    enum Verdict { case match, miss, undecided }

    /// Vendor id as a number; -1 for any.
    let vendor: Int32
    /// Product id as a number; -1 for any.
    let product: Int32
    /// Address field tests (all `any` for devname or no selector).
    let fields: AddressFieldTests
    /// The PF address whose VFs are covered too: a glob with every field given.
    let coveredParent: PCIAddress?
    /// The devname or regex-domain test must finish on the `DeviceSpec`.
    let needsSpec: Bool

    /// Extracts the plain-data tests of a spec's parts.
    init(vendorId: String?, productId: String?, selector: DeviceSpec.Selector) {
        vendor = vendorId.flatMap { Int32($0, radix: 16) } ?? -1
        product = productId.flatMap { Int32($0, radix: 16) } ?? -1
        switch selector {
        case .any:
            (fields, coveredParent, needsSpec) = (.any, nil, false)
        case .address(let pattern):
            (fields, coveredParent, needsSpec) = (pattern.fields, pattern.exactAddress, pattern.domainExpression != nil)
        case .devname:
            (fields, coveredParent, needsSpec) = (.any, nil, true)
        }
    }

    /// A device's vendor or product id as the number the matcher compares; -2 when not hex.
    @inline(__always)
    static func number(_ hexID: String) -> Int32 { Int32(hexID, radix: 16) ?? -2 }

    /// Tests a device given its numeric ids and, for a VF whose parent is a known PF, that PF's address.
    @inline(__always)
    func verdict(vendor: Int32, product: Int32, address: PCIAddress, parentPF: PCIAddress?) -> Verdict {
        if self.vendor >= 0 && self.vendor != vendor { return .miss }
        if self.product >= 0 && self.product != product { return .miss }
        if needsSpec { return .undecided }
        if fields.matches(address) { return .match }
        if let coveredParent, parentPF == coveredParent { return .match }
        return .miss
    }
}
