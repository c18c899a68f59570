/// The VF lifecycle as a pure function: desired, actual and saved state in, actions out.
///
/// Rules, per VF, in `VFID` order (PF name, then VF number):
/// - a VF with desired state whose settings differ gets `saveOriginal` (only when no original is
///   saved yet) and then one `set` of just the differing fields; an equal VF gets nothing;
/// - a VF with a saved original but no desired state (port unbound or deleted) gets `restore`
///   (skipped when it already matches) and then `forgetOriginal`;
/// - a VF absent from `actual` is left alone (it vanished; discovery reports that), and its
///   original stays saved so it can be restored if the VF comes back.
public enum VFReconciler {
    /// The actions that bring `actual` to `desired`, saving and restoring originals as needed.
    ///
    /// When two desired states name the same VF, the one with the smallest port id wins.
    public static func actions(desired: [VFDesiredState], actual: [VFID: VFSettings],
                               originals: [VFID: VFSettings]) -> [VFAction] {
        var wanted: [VFID: VFDesiredState] = [:]
        for state in desired {
            if let existing = wanted[state.id], existing.portID <= state.portID { continue }
            wanted[state.id] = state
        }
        let ids = Set(wanted.keys).union(originals.keys).sorted()
        var actions: [VFAction] = []
        for id in ids {
            guard let current = actual[id] else { continue }
            if let target = wanted[id] {
                let changes = current.changes(to: target.settings)
                guard !changes.isEmpty else { continue }
                if originals[id] == nil {
                    actions.append(.saveOriginal(pf: id.pf, vf: id.vf, settings: current))
                }
                actions.append(.set(pf: id.pf, vf: id.vf, changes: changes))
            } else if let original = originals[id] {
                if current != original {
                    actions.append(.restore(pf: id.pf, vf: id.vf, original: original))
                }
                actions.append(.forgetOriginal(pf: id.pf, vf: id.vf))
            }
        }
        return actions
    }
}
