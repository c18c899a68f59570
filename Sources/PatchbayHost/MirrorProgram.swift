import PatchbayCore

/// The eBPF tc programs behind Patchbay's mirror and bump filters, as assembled here.
///
/// This kernel has neither the flower nor the matchall classifier nor the gact action, so a
/// match is a classifier program (not direct-action: it returns -1 to run the filter's
/// `mirred` action, 0 to pass the frame on to the next filter) and a drop is a direct-action
/// program returning `TC_ACT_SHOT`. (A u32 match-everything filter would do for `.all`, but
/// u32 keeps its hash tables per qdisc, so `tc filter show dev X ingress` also lists the egress
/// filters of the same preference and a listing could not tell the hooks apart.)
public enum MirrorProgram: Hashable, Sendable {
    /// Matches every frame.
    case everything
    /// Matches frames whose VLAN tag (the skb's VLAN metadata, where the kernel keeps the tag
    /// of every received and most transmitted frames) is in the ranges.
    case vlans(VLANRanges)
    /// Matches frames without `TCRule.bumpMark`; clears the mark of the others and passes them.
    case unmarked
    /// Sets `TCRule.bumpMark` and matches every frame.
    case marking
    /// Direct action: drops every frame.
    case shot

    /// The file name the program is pinned under, e.g. `vlans-<16 hex digits>`.
    public var pinName: String {
        switch self {
        case .vlans(let ranges): "vlans-" + FNV1a.hex(FNV1a.hash64(ranges.description))
        case .everything: "everything"
        case .unmarked: "unmarked"
        case .marking: "marking"
        case .shot: "shot"
        }
    }

    /// The kernel name (at most 15 bytes): `pb_vlans_<8 hex>`, `pb_unmarked`, `pb_marking`, `pb_shot`.
    public var programName: String {
        switch self {
        case .vlans: "pb_v_" + pinName.dropFirst("vlans-".count).prefix(10)
        case .everything: "pb_everything"
        case .unmarked: "pb_unmarked"
        case .marking: "pb_marking"
        case .shot: TCRule.dropKey
        }
    }

    // `struct __sk_buff` offsets of `mark`, `vlan_present` and `vlan_tci`.
    private static let mark: Int16 = 8, vlanPresent: Int16 = 20, vlanTCI: Int16 = 24

    /// The instructions; `r1` is the `__sk_buff`.
    public var instructions: [BPFInstruction] {
        switch self {
        case .vlans(let ranges):
            // Per range: below it or above it skips to the next range, else jumps to "match".
            var code: [BPFInstruction] = [.loadWord(2, from: 1, offset: Self.vlanPresent),
                                          .jumpIfEqual(2, 0, skip: Int16(ranges.ranges.count * 3 + 2)),
                                          .loadWord(2, from: 1, offset: Self.vlanTCI), .and(2, 0x0fff)]
            for (index, range) in ranges.ranges.enumerated() {
                let remaining = ranges.ranges.count - index - 1
                code += [.jumpIfLess(2, Int32(range.lowerBound), skip: 2),
                         .jumpIfGreater(2, Int32(range.upperBound), skip: 1),
                         .jump(skip: Int16(remaining * 3 + 2))]
            }
            return code + [.move(0, 0), .exit, .move(0, -1), .exit]
        case .unmarked:
            return [.loadWord(2, from: 1, offset: Self.mark), .jumpIfNotEqual(2, TCRule.bumpMark, skip: 4),
                    .move(3, 0), .storeWord(1, offset: Self.mark, from: 3), .move(0, 0), .exit,
                    .move(0, -1), .exit]
        case .everything:
            return [.move(0, -1), .exit]
        case .marking:
            return [.move(2, TCRule.bumpMark), .storeWord(1, offset: Self.mark, from: 2), .move(0, -1), .exit]
        case .shot:
            return [.move(0, 2 /* TC_ACT_SHOT */), .exit]
        }
    }

    /// The program a rule's match needs.
    public static func matching(_ match: TCRule.Match) -> MirrorProgram {
        switch match {
        case .all: .everything
        case .vlans(let ranges): .vlans(ranges)
        case .unmarked: .unmarked
        case .marking: .marking
        }
    }
}
