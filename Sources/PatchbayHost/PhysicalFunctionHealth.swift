import PatchbayCore

/// The health facts of one PF: its carrier and whether all its configured VFs are present.
public struct PhysicalFunctionHealth: Sendable, Hashable {
    /// The PF's address.
    public var address: PCIAddress
    /// The PF's carrier, read from its netdev's `operstate`.
    public var carrier: Carrier
    /// VFs the PF is configured to expose (`sriov_numvfs`).
    public var expectedVFs: Int
    /// VFs whose `virtfnN` link resolves to a device directory.
    public var presentVFs: Int
    /// The N of each `virtfnN` in `0..<expectedVFs` that is absent or dangling.
    public var missingVFNumbers: [Int]

    /// The link state of a PF's network interface.
    public enum Carrier: Sendable, Hashable {
        /// `operstate` is `up`.
        case up
        /// `operstate` is anything else (or unreadable); the associated value is what was read.
        case down(operstate: String)
        /// The PF has no network interface (e.g. a crypto accelerator).
        case notApplicable
    }

    /// Creates a health record.
    public init(address: PCIAddress, carrier: Carrier, expectedVFs: Int, presentVFs: Int, missingVFNumbers: [Int]) {
        self.address = address
        self.carrier = carrier
        self.expectedVFs = expectedVFs
        self.presentVFs = presentVFs
        self.missingVFNumbers = missingVFNumbers
    }

    /// Operator-facing reasons the PF should not be scheduled onto; empty when healthy.
    public var problems: [String] {
        var problems: [String] = []
        if case .down(let operstate) = carrier {
            problems.append("carrier down (operstate '\(operstate)')")
        }
        if presentVFs < expectedVFs || !missingVFNumbers.isEmpty {
            let names = missingVFNumbers.map { "virtfn\($0)" }.joined(separator: ", ")
            problems.append("\(presentVFs) of \(expectedVFs) VFs present" + (names.isEmpty ? "" : "; missing \(names)"))
        }
        return problems
    }

    /// True when the carrier is not down and every expected VF is present.
    public var isHealthy: Bool { problems.isEmpty }
}
