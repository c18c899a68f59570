/// A TaaS `vlan_filter`: VLAN id ranges within 1–4094, kept sorted and merged.
public struct VLANRanges: Hashable, Sendable, CustomStringConvertible {
    /// The ranges, sorted, disjoint and not adjacent.
    public private(set) var ranges: [ClosedRange<Int>]

    /// Merges `ranges`; nil when one leaves 1–4094 or is empty.
    public init?(_ ranges: [ClosedRange<Int>]) {
        guard !ranges.isEmpty, ranges.allSatisfy({ $0.lowerBound >= 1 && $0.upperBound <= 4094 }) else { return nil }
        self.ranges = SegmentIdPool(ranges, within: 1...4094).intervals
    }

    /// Parses the TaaS syntax `10,20-30`; nil for anything else or for ids outside 1–4094.
    public init?(parsing text: String) {
        var ranges: [ClosedRange<Int>] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count), let low = Int(bounds[0]), let high = Int(bounds[bounds.count - 1]),
                  low <= high else { return nil }
            ranges.append(low...high)
        }
        self.init(ranges)
    }

    /// Whether `vid` is in one of the ranges.
    public func contains(_ vid: Int) -> Bool { ranges.contains { $0.contains(vid) } }

    /// The canonical text, e.g. `10,20-30`.
    public var description: String {
        ranges.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }
            .joined(separator: ",")
    }
}
