/// The mirror settings of one VF, folded from the `add`/`rem` lines written to its files.
public struct VFMirrorState: Hashable, Sendable {
    /// Probe VFs receiving copies of what the VF receives.
    public var ingressProbes: Set<Int> = []
    /// Probe VFs receiving copies of what the VF sends.
    public var egressProbes: Set<Int> = []
    /// VLAN ids mirrored to this VF.
    public var vlans: Set<Int> = []

    /// An empty state.
    public init() {}

    /// Applies the lines of one file (`add 3`, `rem 3`, `add 10,20-30`, `rem 0-4095`), in order;
    /// unreadable lines are ignored.
    public mutating func apply(file: String, lines text: String) {
        for line in text.split(whereSeparator: \.isNewline) {
            let words = line.split(separator: " ")
            guard words.count == 2, words[0] == "add" || words[0] == "rem" else { continue }
            let adding = words[0] == "add"
            switch file {
            case "ingress_mirror", "egress_mirror":
                guard let probe = Int(words[1]) else { continue }
                if file == "ingress_mirror" { Self.update(&ingressProbes, [probe], adding) } else {
                    Self.update(&egressProbes, [probe], adding)
                }
            case "vlan_mirror":
                let ids = words[1].split(separator: ",").flatMap { part -> [Int] in
                    let bounds = part.split(separator: "-").compactMap { Int($0) }
                    guard let low = bounds.first, let high = bounds.last, low <= high else { return [] }
                    return Array(low...high)
                }
                Self.update(&vlans, ids, adding)
            default: continue
            }
        }
    }

    private static func update<S: Sequence<Int>>(_ set: inout Set<Int>, _ values: S, _ adding: Bool) {
        if adding { set.formUnion(values) } else { set.subtract(values) }
    }
}
