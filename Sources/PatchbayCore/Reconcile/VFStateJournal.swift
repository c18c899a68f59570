/// Where the original settings of VFs are kept between the first change and the restore.
///
/// The journal must survive a crash: `FileVFStateJournal` (PatchbayHost) writes one file per VF.
public protocol VFStateJournal: Sendable {
    /// Every saved original, by VF.
    func originals() throws(PatchbayError) -> [VFID: VFSettings]
    /// Saves (or replaces) the original settings of `id`; durable when this returns.
    func save(_ settings: VFSettings, for id: VFID) throws(PatchbayError)
    /// Drops the original of `id`; no error when there is none.
    func forget(_ id: VFID) throws(PatchbayError)
}

extension PatchbayError {
    /// 500 `VFJournalFailed`: the journal of original VF settings cannot be read or written.
    public static func vfJournalFailed(_ path: String, _ reason: String) -> PatchbayError {
        PatchbayError(code: "host.vf_journal_failed", type: "VFJournalFailed", category: .internalError,
                      message: "Cannot use the VF state journal at \(path): \(reason)")
    }
}
