/// One mirror setting of an SR-IOV VF, as the i40e out-of-tree driver's sysfs files take it.
public enum VFMirrorSetting: Hashable, Sendable {
    /// What the VF receives is copied to VF `probe` (`ingress_mirror`).
    case ingress(probe: Int)
    /// What the VF sends is copied to VF `probe` (`egress_mirror`).
    case egress(probe: Int)
    /// Traffic of these VLANs is copied to the VF the file belongs to, the probe (`vlan_mirror`).
    case vlans(VLANRanges)

    /// The file under `/sys/class/net/<pf>/device/sriov/<vf>/`.
    public var fileName: String {
        switch self {
        case .ingress: "ingress_mirror"
        case .egress: "egress_mirror"
        case .vlans: "vlan_mirror"
        }
    }

    /// The argument after `add` or `rem`: a VF index, or VLAN ranges `10,20-30`.
    public var argument: String {
        switch self {
        case .ingress(let probe), .egress(let probe): "\(probe)"
        case .vlans(let ranges): ranges.description
        }
    }
}

/// The seam to NIC-internal VF mirroring (Intel i40e out-of-tree driver ≥ 2.7.12); no `ip link`
/// or devlink API exists for it, only these sysfs files.
public protocol VFMirror: Sendable {
    /// Whether `pf`'s VFs have the mirror files (`/sys/class/net/<pf>/device/sriov/0/egress_mirror`).
    func supportsMirroring(pf: String) -> Bool

    /// Adds `setting` to VF `vf` of `pf`.
    ///
    /// Equivalent to: `echo add <arg> > /sys/class/net/$pf/device/sriov/$vf/<file>`.
    func add(_ setting: VFMirrorSetting, pf: String, vf: Int) throws(PatchbayError)

    /// Removes `setting` from VF `vf` of `pf`.
    ///
    /// Equivalent to: `echo rem <arg> > /sys/class/net/$pf/device/sriov/$vf/<file>`.
    func remove(_ setting: VFMirrorSetting, pf: String, vf: Int) throws(PatchbayError)
}
