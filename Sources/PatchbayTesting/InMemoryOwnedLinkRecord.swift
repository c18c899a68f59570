import PatchbayCore
import Synchronization

/// An `OwnedLinkRecord` in memory, for tests whose record need not survive the process.
///
/// Copies share one store, so a "restarted" agent can be given the record it had.
public struct InMemoryOwnedLinkRecord: OwnedLinkRecord {
    private final class Store: Sendable {
        let names = Mutex<Set<String>>([])
    }

    private let store = Store()

    /// Creates a record holding `names`.
    public init(_ names: Set<String> = []) {
        store.names.withLock { $0 = names }
    }

    /// Every recorded name.
    public func names() throws(PatchbayError) -> Set<String> {
        store.names.withLock { $0 }
    }

    /// Records `name`.
    public func record(_ name: String) throws(PatchbayError) {
        store.names.withLock { _ = $0.insert(name) }
    }

    /// Drops `name`.
    public func forget(_ name: String) throws(PatchbayError) {
        store.names.withLock { _ = $0.remove(name) }
    }
}
