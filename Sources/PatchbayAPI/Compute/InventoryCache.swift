import PatchbayCore
import PatchbayStore
import Synchronization

/// The scheduler's in-memory view of every host: capacity and the counted PCI pools. It is a
/// cache of the store: claims re-check the stored generation (compare-and-swap) and reload a
/// host whose generation moved, so a stale view costs a retry, never a double allocation.
final class InventoryCache: Sendable {
    private let view = Mutex(View())

    /// Records that the host's agent was heard from at `time` (its heartbeat; not persisted, as
    /// the next heartbeat after a restart restores it).
    func heartbeat(_ name: String, at time: Int64) {
        view.withLock { $0.heard(name, at: time) }
    }

    /// When the host was last heard from: its latest inventory report or agent heartbeat.
    func lastSeen(_ host: ComputeHost) -> Int64 {
        view.withLock { $0.lastSeen(host) }
    }

    /// Every host, sorted by name.
    var all: [Entry] { view.withLock { $0.listed().entries } }

    /// Every host, sorted by name, with its candidate and last heartbeat (one lock, no copy).
    var listing: Listing { view.withLock { $0.listed() } }

    /// The host count and generation sum of the cached hosts (see `HostsFingerprint`).
    var fingerprint: HostsFingerprint { view.withLock { $0.fingerprint } }

    /// One host.
    func entry(_ name: String) -> Entry? { view.withLock { $0.entries[name] } }

    /// Records a host's latest committed state. Writers store after their transaction has
    /// released the store, so a slower writer may arrive with an older generation than one
    /// already recorded; that view is dropped instead of rolling the cache back. The cache's
    /// fingerprint moves with it, so this server's own claims cost no reload.
    func store(_ entry: Entry) {
        view.withLock { view in
            if let current = view.entries[entry.host.name], current.inventory.generation > entry.inventory.generation { return }
            view.put(entry)
        }
    }

    /// Records `entries` (each unless a newer generation is already here) and forgets every
    /// host not in `names`.
    func merge(_ reloaded: [Entry], keeping names: Set<String>) {
        view.withLock { view in
            for entry in reloaded {
                if let current = view.entries[entry.host.name], current.inventory.generation > entry.inventory.generation { continue }
                view.put(entry)
            }
            if view.entries.count != names.count || view.entries.keys.contains(where: { !names.contains($0) }) {
                view.entries = view.entries.filter { names.contains($0.key) }
                view.stale = true
                view.recount()
            }
        }
    }

    /// Replaces the whole view (at start).
    func replace(with all: [Entry]) {
        view.withLock { view in
            view.entries = Dictionary(all.map { ($0.host.name, $0) }, uniquingKeysWith: { _, last in last })
            view.stale = true
            view.recount()
        }
    }
}
