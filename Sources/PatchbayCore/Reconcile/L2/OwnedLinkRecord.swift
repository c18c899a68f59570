/// The links the agent created itself, so it removes only those: a `vxlan-100` or `mvt…` device
/// somebody else made on the host is never the agent's to delete.
///
/// The record must survive a restart: `FileOwnedLinkRecord` (PatchbayHost) keeps one file in the
/// agent's `state_dir`; `InMemoryOwnedLinkRecord` (PatchbayTesting) is the fake.
public protocol OwnedLinkRecord: Sendable {
    /// Every recorded link name.
    func names() throws(PatchbayError) -> Set<String>
    /// Records `name` as created by the agent; durable when this returns.
    func record(_ name: String) throws(PatchbayError)
    /// Drops `name` (deleted, or gone from the host); no error when it is not recorded.
    func forget(_ name: String) throws(PatchbayError)
}

extension PatchbayError {
    /// 500 `OwnedLinkRecordFailed`: the record of the agent's own links cannot be read or written.
    public static func ownedLinkRecordFailed(_ path: String, _ reason: String) -> PatchbayError {
        PatchbayError(code: "host.owned_link_record_failed", type: "OwnedLinkRecordFailed", category: .internalError,
                      message: "Cannot use the record of the agent's links at \(path): \(reason)")
    }
}
