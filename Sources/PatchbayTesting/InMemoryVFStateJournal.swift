import PatchbayCore
import Synchronization

/// A `VFStateJournal` in memory, for tests that do not need originals to survive the process.
///
/// Copies share one store, so a "restarted" agent can be given a copy of the journal it had.
public struct InMemoryVFStateJournal: VFStateJournal {
    private final class Store: Sendable {
        let originals = Mutex<[VFID: VFSettings]>([:])
    }

    private let store = Store()

    /// Creates an empty journal.
    public init() {}

    /// Every saved original.
    public func originals() throws(PatchbayError) -> [VFID: VFSettings] {
        store.originals.withLock { $0 }
    }

    /// Saves the original of `id`.
    public func save(_ settings: VFSettings, for id: VFID) throws(PatchbayError) {
        store.originals.withLock { $0[id] = settings }
    }

    /// Drops the original of `id`.
    public func forget(_ id: VFID) throws(PatchbayError) {
        store.originals.withLock { _ = $0.removeValue(forKey: id) }
    }
}
