/// Performs the reconciler's actions against a netlink seam and a journal; the I/O half of VF reconcile.
public struct VFActionExecutor<Netlink: NetlinkVF, Journal: VFStateJournal>: Sendable {
    /// Where VF settings are read and set.
    public let netlink: Netlink
    /// Where originals are saved.
    public let journal: Journal

    /// Creates an executor over a netlink seam and a journal.
    public init(netlink: Netlink, journal: Journal) {
        self.netlink = netlink
        self.journal = journal
    }

    /// Reads actual and saved state, computes the actions and performs them; returns what it did.
    ///
    /// PFs are those named by `desired` or by a saved original. A PF that cannot be read counts
    /// as having no VFs, so its VFs are left alone until it comes back.
    @discardableResult
    public func reconcile(_ desired: [VFDesiredState]) throws(PatchbayError) -> [VFAction] {
        try converge(desired).actions
    }

    /// `reconcile`, also returning the desired VFs that now hold their settings: after a pass
    /// without error, every desired VF the NIC has (a VF it lacks is left alone and not converged).
    public func converge(_ desired: [VFDesiredState]) throws(PatchbayError) -> (actions: [VFAction], converged: Set<VFID>) {
        let originals = try journal.originals()
        let pfs = Set(desired.map(\.pf)).union(originals.keys.map(\.pf)).sorted()
        var actual: [VFID: VFSettings] = [:]
        for pf in pfs {
            guard let vfs = try? netlink.vfSettings(pf: pf) else { continue }
            for (vf, settings) in vfs { actual[VFID(pf: pf, vf: vf)] = settings }
        }
        let actions = VFReconciler.actions(desired: desired, actual: actual, originals: originals)
        try perform(actions)
        return (actions, Set(desired.map(\.id).filter { actual[$0] != nil }))
    }

    /// Performs `actions` in order; stops at the first failure.
    public func perform(_ actions: [VFAction]) throws(PatchbayError) {
        for action in actions {
            switch action {
            case .saveOriginal(let pf, let vf, let settings):
                try journal.save(settings, for: VFID(pf: pf, vf: vf))
            case .set(let pf, let vf, let changes):
                try netlink.set(pf: pf, vf: vf, changes)
            case .restore(let pf, let vf, let original):
                try netlink.set(pf: pf, vf: vf, original.allChanges)
            case .forgetOriginal(let pf, let vf):
                try journal.forget(VFID(pf: pf, vf: vf))
            }
        }
    }
}
