/// One step the VF reconciler asks its executor to perform, in the order returned.
public enum VFAction: Hashable, Sendable {
    /// Write the VF's current settings to the journal before anything changes them.
    case saveOriginal(pf: String, vf: Int, settings: VFSettings)
    /// Set these fields of the VF (only the ones that differ).
    case set(pf: String, vf: Int, changes: [VFSettingChange])
    /// Put every field of the VF back to the saved original.
    case restore(pf: String, vf: Int, original: VFSettings)
    /// Drop the VF's saved original from the journal; nothing of a tenant remains on it.
    case forgetOriginal(pf: String, vf: Int)

    /// The VF this action is about.
    public var id: VFID {
        switch self {
        case .saveOriginal(let pf, let vf, _), .set(let pf, let vf, _),
             .restore(let pf, let vf, _), .forgetOriginal(let pf, let vf):
            VFID(pf: pf, vf: vf)
        }
    }
}
