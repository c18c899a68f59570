/// One virtual function: the netdev of its physical function and the VF number on it.
///
/// Ordered by PF name, then VF number, which is the order reconcile actions come out in.
public struct VFID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The physical function's netdev, e.g. `ens1f0`.
    public var pf: String
    /// The VF number on that PF (`ip link set $pf vf $vf …`).
    public var vf: Int

    /// Creates an identifier for VF `vf` of `pf`.
    public init(pf: String, vf: Int) {
        self.pf = pf
        self.vf = vf
    }

    /// PF name first, then VF number.
    public static func < (lhs: VFID, rhs: VFID) -> Bool {
        lhs.pf != rhs.pf ? lhs.pf < rhs.pf : lhs.vf < rhs.vf
    }

    /// `ens1f0 vf 3`, the way `ip` names it.
    public var description: String { "\(pf) vf \(vf)" }
}
