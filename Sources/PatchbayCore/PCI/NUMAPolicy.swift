/// How a PCI request treats the NUMA locality of the devices it takes, in Nova's terms
/// (`numa_policy` on an alias, `numa_affinity_policy` on a port).
///
/// Policies only apply when the instance has a NUMA topology; otherwise every device is eligible.
public enum NUMAPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Devices must sit on one of the instance's NUMA nodes.
    case required
    /// Devices on the instance's nodes, or devices with no NUMA information (Nova's default).
    case legacy
    /// Any device, preferring the instance's nodes, then devices without NUMA information.
    case preferred
    /// Devices on any node of the instance's socket(s); devices without NUMA information are excluded.
    case socket

    /// Parses Nova's lowercase wire value.
    /// - Throws: `PatchbayError` `pci.invalid_numa_policy` (`InvalidInput`, 400) for anything else.
    public init(parsing text: String) throws(PatchbayError) {
        guard let policy = NUMAPolicy(rawValue: text) else {
            let allowed = NUMAPolicy.allCases.map(\.rawValue).joined(separator: ", ")
            var error = PatchbayError.invalidInput("numa policy '\(text)' is not one of \(allowed)")
            error.code = "pci.invalid_numa_policy"
            throw error
        }
        self = policy
    }
}
