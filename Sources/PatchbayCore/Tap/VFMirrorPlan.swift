/// One end of an SR-IOV tap: a VF by PCI address, its PF's interface name and its index there.
public struct VFEndpoint: Hashable, Sendable {
    /// The VF's PCI address, e.g. `0000:3b:02.1`.
    public var address: String
    /// Its PF's interface, e.g. `ens1f0`.
    public var pf: String
    /// Its index on the PF (`virtfnN`).
    public var index: Int

    /// Creates an endpoint.
    public init(address: String, pf: String, index: Int) {
        self.address = address
        self.pf = pf
        self.index = index
    }
}

/// The pure decision of how an SR-IOV tap flow is mirrored inside the NIC, or why it cannot be.
public enum VFMirrorPlan {
    /// One write: which setting goes on which VF.
    public struct Write: Hashable, Sendable {
        /// The VF whose file is written.
        public var vf: Int
        /// The setting.
        public var setting: VFMirrorSetting

        /// Creates a write.
        public init(vf: Int, setting: VFMirrorSetting) {
            self.vf = vf
            self.setting = setting
        }
    }

    /// The settings for copying `source`'s traffic in `direction` to `probe`: `egress_mirror`
    /// for what the guest sends, `ingress_mirror` for what it receives (on the source VF), and
    /// with a VLAN filter `vlan_mirror` on the probe VF.
    ///
    /// - Throws: `tap.vf_mirror_unsupported` when the VFs are on different PFs (the NIC mirrors
    ///   only within one PF) or the PF lacks the mirror files; never a silent success.
    public static func writes(source: VFEndpoint, probe: VFEndpoint, direction: TapDirection,
                              vlanFilter: VLANRanges?, pfSupportsMirroring: Bool) throws(PatchbayError) -> [Write] {
        guard source.pf == probe.pf else {
            throw .vfMirrorUnsupported("source VF \(source.address) is on PF \(source.pf) and the probe VF " +
                                       "\(probe.address) on \(probe.pf); the NIC mirrors only within one PF")
        }
        guard pfSupportsMirroring else {
            throw .vfMirrorUnsupported("PF \(source.pf) has no sriov/<vf>/egress_mirror files; VF mirroring " +
                                       "needs Intel's out-of-tree i40e driver 2.7.12 or later")
        }
        var writes: [Write] = []
        if direction.includesSent { writes.append(Write(vf: source.index, setting: .egress(probe: probe.index))) }
        if direction.includesReceived { writes.append(Write(vf: source.index, setting: .ingress(probe: probe.index))) }
        if let vlanFilter { writes.append(Write(vf: probe.index, setting: .vlans(vlanFilter))) }
        return writes
    }
}

extension PatchbayError {
    /// 409 `VFMirrorUnsupported`: the NIC cannot mirror this pair of VFs; the message says why.
    public static func vfMirrorUnsupported(_ reason: String) -> PatchbayError {
        PatchbayError(code: "tap.vf_mirror_unsupported", type: "VFMirrorUnsupported", category: .conflict,
                      message: reason)
    }
}
