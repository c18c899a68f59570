import PatchbayCore

/// One filter attached to a clsact hook, as `tc -j filter show dev $dev ingress|egress` prints it.
public struct TCFilter: Hashable, Sendable {
    /// The filter's preference (priority).
    public var pref: Int?
    /// The classifier kind, e.g. `bpf`, `u32`.
    public var kind: String?
    /// The handle, e.g. `0x1`.
    public var handle: String?
    /// A bpf filter's program: its kernel name (`pb_push_101`), else its pinned name (`push-101`).
    public var programName: String?

    /// Creates a filter description.
    public init(pref: Int? = nil, kind: String? = nil, handle: String? = nil, programName: String? = nil) {
        self.pref = pref
        self.kind = kind
        self.handle = handle
        self.programName = programName
    }

    /// The access-port program this filter runs, if it is one.
    public var accessProgram: VLANAccessProgram? {
        guard kind == "bpf", let programName else { return nil }
        return VLANAccessProgram(name: programName)
    }

    /// Whether this is the one filter the L2 seam installs on a hook: pref 1, handle 1, bpf.
    public var isManagedSlot: Bool { pref == 1 && handle == "0x1" && kind == "bpf" }

    /// Whether this is a mirror or bump filter (preference in `TCRule.ownedPrefs`), which the
    /// port-mirroring seam owns and the access-port logic leaves alone.
    public var isMirrorFilter: Bool { pref.map(TCRule.ownedPrefs.contains) ?? false }

    /// The access VLAN a tap's hooks enforce: `.none` without filters, `.flat` or `.vlan(N)` for
    /// exactly the programs the seam installs, `.unrecognized` for anything else (mirror filters
    /// are not counted).
    public static func accessVLAN(ingress: [TCFilter], egress: [TCFilter]) -> AccessVLAN {
        let ingress = ingress.filter { !$0.isMirrorFilter }, egress = egress.filter { !$0.isMirrorFilter }
        if ingress.isEmpty && egress.isEmpty { return .none }
        guard ingress.count == 1, egress.count == 1, let push = ingress[0].accessProgram,
              let pop = egress[0].accessProgram else { return .unrecognized }
        switch (push, pop) {
        case (.untaggedOnly, .untaggedOnly): return .flat
        case (.push(let a), .pop(let b)) where a == b: return .vlan(a)
        default: return .unrecognized
        }
    }
}
