import PatchbayCore

/// One of the tc programs that turn a tap into an access port, as eBPF assembled here.
///
/// The bridges are not VLAN aware (this kernel has no `CONFIG_BRIDGE_VLAN_FILTERING`, no 802.1Q
/// devices and no tc vlan action), so the tag lives in the skb's VLAN metadata: frames that
/// enter from the wire are untagged into it by the kernel, and these programs push and check it.
public enum VLANAccessProgram: Hashable, Sendable {
    /// Tap ingress (frames from the guest): drops frames the guest tagged itself, tags the rest with `vid`.
    case push(vid: Int)
    /// Tap egress (frames to the guest): passes only frames tagged `vid`, untagged.
    case pop(vid: Int)
    /// Both directions of a flat-network tap: drops tagged frames, so the guest neither sees
    /// nor injects VLAN traffic.
    case untaggedOnly

    /// The file name the program is pinned under: `push-101`, `pop-101`, `untagged`.
    public var pinName: String {
        switch self {
        case .push(let vid): "push-\(vid)"
        case .pop(let vid): "pop-\(vid)"
        case .untaggedOnly: "untagged"
        }
    }

    /// The program's kernel name (at most 15 bytes), shown by `tc filter show`: `pb_push_101`.
    public var programName: String { "pb_" + pinName.replacingOccurrences(of: "-", with: "_") }

    /// The program that a pinned or kernel name belongs to, if it is one of these.
    public init?(name: String) {
        let base = name.hasPrefix("pb_") ? String(name.dropFirst(3)).replacingOccurrences(of: "_", with: "-") : name
        if base == "untagged" { self = .untaggedOnly; return }
        let parts = base.split(separator: "-")
        guard parts.count == 2, let vid = Int(parts[1]), (1...4094).contains(vid) else { return nil }
        switch parts[0] {
        case "push": self = .push(vid: vid)
        case "pop": self = .pop(vid: vid)
        default: return nil
        }
    }

    // `struct __sk_buff` offsets of `vlan_present` and `vlan_tci`.
    private static let vlanPresent: Int16 = 20, vlanTCI: Int16 = 24
    // Helpers `bpf_skb_vlan_push` and `bpf_skb_vlan_pop`; verdicts TC_ACT_UNSPEC and TC_ACT_SHOT.
    // A frame that passes gets TC_ACT_UNSPEC, not TC_ACT_OK: classification goes on to the
    // filters after pref 1 (Patchbay's mirrors and bumps), and with none left the frame passes.
    private static let vlanPush: Int32 = 18, vlanPop: Int32 = 19, ok: Int32 = -1, shot: Int32 = 2

    /// The instructions; `r1` is the `__sk_buff`, `r6` keeps it across helper calls.
    public var instructions: [BPFInstruction] {
        switch self {
        case .push(let vid):
            [.move(6, from: 1), .loadWord(2, from: 6, offset: Self.vlanPresent),
             .jumpIfNotEqual(2, 0, skip: 6),
             .move(1, from: 6), .move(2, 0x0081 /* htons(ETH_P_8021Q) */), .move(3, Int32(vid)),
             .call(Self.vlanPush), .move(0, Self.ok), .exit,
             .move(0, Self.shot), .exit]
        case .pop(let vid):
            [.move(6, from: 1), .loadWord(2, from: 6, offset: Self.vlanPresent),
             .jumpIfEqual(2, 0, skip: 7),
             .loadWord(2, from: 6, offset: Self.vlanTCI), .and(2, 0x0fff),
             .jumpIfNotEqual(2, Int32(vid), skip: 4),
             .move(1, from: 6), .call(Self.vlanPop), .move(0, Self.ok), .exit,
             .move(0, Self.shot), .exit]
        case .untaggedOnly:
            [.loadWord(2, from: 1, offset: Self.vlanPresent), .jumpIfNotEqual(2, 0, skip: 2),
             .move(0, Self.ok), .exit,
             .move(0, Self.shot), .exit]
        }
    }

    /// The programs an access VLAN needs on (ingress, egress); nil for `.none` (and `.unrecognized`).
    public static func programs(for vlan: AccessVLAN) -> (ingress: Self, egress: Self)? {
        switch vlan {
        case .flat: (.untaggedOnly, .untaggedOnly)
        case .vlan(let vid): (.push(vid: vid), .pop(vid: vid))
        case .none, .unrecognized: nil
        }
    }
}
