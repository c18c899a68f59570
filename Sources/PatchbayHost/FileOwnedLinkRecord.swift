import Foundation
import PatchbayCore
import Synchronization

/// An `OwnedLinkRecord` on disk: one file listing the agent's link names, one per line.
///
/// Every change rewrites the whole (small) file through a synced temporary file renamed over the
/// old one, so a crash leaves the old list or the new one. A link is recorded after it was
/// created: a crash in between leaves it unrecorded, which errs on the side of never deleting it.
public struct FileOwnedLinkRecord: OwnedLinkRecord {
    /// The file, e.g. `/var/lib/patchbay/agent/owned-links`.
    public let path: String
    private let cache = OwnedLinkCache()

    /// Creates a record kept at `path`; the file and its directory are created on the first write.
    public init(path: String) {
        self.path = path
    }

    /// Every recorded name; the file is read once, then this value (its only writer) answers.
    public func names() throws(PatchbayError) -> Set<String> {
        try cache.names.withLock { (cached) throws(PatchbayError) -> Set<String> in
            if let cached { return cached }
            let loaded = try load()
            cached = loaded
            return loaded
        }
    }

    /// Adds `name` and writes the file durably.
    public func record(_ name: String) throws(PatchbayError) {
        try change { $0.insert(name) }
    }

    /// Removes `name` and writes the file durably (nothing is written when it was not recorded).
    public func forget(_ name: String) throws(PatchbayError) {
        try change { $0.remove(name) }
    }

    private func change(_ edit: (inout Set<String>) -> Void) throws(PatchbayError) {
        var updated = try names()
        let before = updated
        edit(&updated)
        guard updated != before else { return }
        try store(updated)
        cache.names.withLock { $0 = updated }
    }

    private func load() throws(PatchbayError) -> Set<String> {
        do {
            let text = try DurableFile.read(path) ?? ""
            return Set(text.split(separator: "\n").map(String.init).filter { !$0.isEmpty })
        } catch {
            throw .ownedLinkRecordFailed(path, "\(error)")
        }
    }

    private func store(_ names: Set<String>) throws(PatchbayError) {
        do { try DurableFile.replace(path, with: Array(names.sorted().map { $0 + "\n" }.joined().utf8)) } catch {
            throw .ownedLinkRecordFailed(path, "\(error)")
        }
    }
}

/// The record's names once read, shared by copies of the record value.
final class OwnedLinkCache: Sendable {
    let names = Mutex<Set<String>?>(nil)
}
