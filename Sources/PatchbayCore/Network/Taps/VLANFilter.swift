/// A tap flow's `vlan_filter`: the VLAN ids whose traffic is mirrored, as ranges.
///
/// Neutron accepts any text matching `^([0-9]+(-[0-9]+)?)(,([0-9]+(-[0-9]+)?))*$`; Patchbay
/// also requires every id to be in 1…4094 and every `a-b` range to have `a <= b`, so the host
/// never has to guess what `5000` or `9-3` means. The text is kept as the caller wrote it.
public struct VLANFilter: Sendable, Hashable {
    /// The text as given, echoed back by the API.
    public let text: String
    /// The ranges, in the order written (they may overlap).
    public let ranges: [ClosedRange<Int>]

    /// The lowest and highest VLAN ids a filter may name.
    public static let validIds = 1...4094

    /// Parses `text`; throws `tap_flow.invalid_vlan_filter` naming what is wrong.
    public static func parse(_ text: String) throws(PatchbayError) -> VLANFilter {
        var ranges: [ClosedRange<Int>] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = item.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count) else { throw invalid(text, "'\(item)' is not a VLAN id or range") }
            var numbers: [Int] = []
            for bound in bounds {
                guard !bound.isEmpty, bound.utf8.allSatisfy({ (48...57).contains($0) }) else {
                    throw invalid(text, "'\(item)' is not a VLAN id or range")
                }
                guard let number = Int(bound), validIds.contains(number) else {
                    throw invalid(text, "VLAN id \(bound) is outside 1-4094")
                }
                numbers.append(number)
            }
            guard numbers[0] <= numbers[numbers.count - 1] else {
                throw invalid(text, "range \(item) is descending")
            }
            ranges.append(numbers[0]...numbers[numbers.count - 1])
        }
        return VLANFilter(text: text, ranges: ranges)
    }

    /// A filter of already valid `ranges`, written as `a` or `a-b` joined by commas.
    public init(ranges: [ClosedRange<Int>]) {
        self.ranges = ranges
        self.text = ranges.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }
            .joined(separator: ",")
    }

    private init(text: String, ranges: [ClosedRange<Int>]) {
        self.text = text
        self.ranges = ranges
    }

    /// Whether traffic tagged `vid` is mirrored.
    public func contains(_ vid: Int) -> Bool { ranges.contains { $0.contains(vid) } }

    /// The ranges sorted and merged, with no overlaps or adjacent pairs (as the data plane's
    /// ``VLANRanges`` keeps them).
    public var normalized: [ClosedRange<Int>] { ranges.isEmpty ? [] : VLANRanges(ranges)?.ranges ?? [] }

    /// The filter as the data plane reads it.
    public var vlanRanges: VLANRanges? { VLANRanges(ranges) }

    private static func invalid(_ text: String, _ reason: String) -> PatchbayError {
        PatchbayError(code: "tap_flow.invalid_vlan_filter", type: "HTTPBadRequest", category: .badRequest,
                      message: "Invalid input for vlan_filter. Reason: '\(text)': \(reason).")
    }
}
