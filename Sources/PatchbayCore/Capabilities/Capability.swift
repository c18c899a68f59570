/// A capability a port may require with `patchbay:required_capabilities`: each is a yes/no fact
/// about where the port lands, named as its key in the capabilities API.
public enum Capability: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    /// Tap flows may copy what the port receives.
    case mirroringIn = "mirroring.in"
    /// Tap flows may copy what the port sends.
    case mirroringOut = "mirroring.out"
    /// Tap flows on the port may select VLANs.
    case mirroringVLANFilter = "mirroring.vlan_filter"
    /// The port's traffic may be redirected through a bump in the wire.
    case inline
    /// The VF may be trusted (`trust on`).
    case trust
    /// The VF's source MAC can be enforced (`spoofchk on`).
    case spoofCheck = "spoof_check"
    /// The VF's rate can be capped.
    case maxTxRate = "max_tx_rate"
    /// The VF can be guaranteed a rate.
    case minTxRate = "min_tx_rate"

    /// Orders by name.
    public static func < (lhs: Capability, rhs: Capability) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Reads `patchbay:required_capabilities`: a list of known names, kept sorted and unique.
    /// - Throws: `PatchbayError` `port.invalid_required_capabilities` (400) naming the unknown
    ///   entry and the accepted names.
    public static func parseRequired(_ value: JSONValue) throws(PatchbayError) -> [Capability] {
        let field = "patchbay:required_capabilities"
        guard case .array(let items) = value else {
            throw .badRequest("Invalid input for \(field). Reason: '\(JSONWriter.string(value))' is not a list.",
                              code: "port.invalid_required_capabilities")
        }
        var parsed: Set<Capability> = []
        for item in items {
            guard let name = item.stringValue, let capability = Capability(rawValue: name) else {
                let known = allCases.map(\.rawValue).sorted().joined(separator: ", ")
                throw .badRequest("Invalid input for \(field). Reason: \(JSONWriter.string(item)) is not a requestable capability (\(known)).",
                                  code: "port.invalid_required_capabilities")
            }
            parsed.insert(capability)
        }
        return parsed.sorted()
    }
}
