import PatchbayCore
import Synchronization

/// The scheduler's in-memory view of every host: capacity and the counted PCI pools. It is a
/// cache of the store: claims re-check the stored generation (compare-and-swap) and reload a
/// host whose generation moved, so a stale view costs a retry, never a double allocation.
final class InventoryCache: Sendable {
    struct Entry: Sendable {
        var host: ComputeHost
        var inventory: HostInventory
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let heartbeats = Mutex<[String: Int64]>([:])

    /// Records that the host's agent was heard from at `time` (its heartbeat; not persisted, as
    /// the next heartbeat after a restart restores it).
    func heartbeat(_ name: String, at time: Int64) {
        heartbeats.withLock { $0[name] = max($0[name] ?? time, time) }
    }

    /// When the host was last heard from: its latest inventory report or agent heartbeat.
    func lastSeen(_ host: ComputeHost) -> Int64 {
        max(host.reportedAt, heartbeats.withLock { $0[host.name] } ?? host.reportedAt)
    }

    /// Every host, sorted by name.
    var all: [Entry] { entries.withLock { $0.values.sorted { $0.host.name < $1.host.name } } }

    /// One host.
    func entry(_ name: String) -> Entry? { entries.withLock { $0[name] } }

    /// Records a host's latest committed state. Writers store after their transaction has
    /// released the store, so a slower writer may arrive with an older generation than one
    /// already recorded; that view is dropped instead of rolling the cache back.
    func store(_ entry: Entry) {
        entries.withLock { entries in
            if let current = entries[entry.host.name], current.inventory.generation > entry.inventory.generation { return }
            entries[entry.host.name] = entry
        }
    }

    /// Records `entries` (each unless a newer generation is already here) and forgets every
    /// host not in `names`.
    func merge(_ reloaded: [Entry], keeping names: Set<String>) {
        entries.withLock { entries in
            for entry in reloaded {
                if let current = entries[entry.host.name], current.inventory.generation > entry.inventory.generation { continue }
                entries[entry.host.name] = entry
            }
            entries = entries.filter { names.contains($0.key) }
        }
    }

    /// Replaces the whole view (at start).
    func replace(with all: [Entry]) {
        entries.withLock { entries in
            entries = Dictionary(all.map { ($0.host.name, $0) }, uniquingKeysWith: { _, last in last })
        }
    }
}
