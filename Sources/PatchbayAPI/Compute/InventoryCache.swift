import PatchbayCore
import PatchbayStore
import Synchronization

/// The scheduler's in-memory view of every host: capacity and the counted PCI pools. It is a
/// cache of the store: claims re-check the stored generation (compare-and-swap) and reload a
/// host whose generation moved, so a stale view costs a retry, never a double allocation.
final class InventoryCache: Sendable {
    struct Entry: Sendable {
        var host: ComputeHost
        var inventory: HostInventory { didSet { (poolKeys, poolSummaries) = Self.summaries(of: inventory) } }
        /// The inventory's pools in key order, and their summaries for the scheduler in the same
        /// order: kept with the inventory, so a placement among many hosts does not count every
        /// host's devices again.
        private(set) var poolKeys: [PoolKey]
        private(set) var poolSummaries: [PoolSummary]

        init(host: ComputeHost, inventory: HostInventory) {
            self.host = host
            self.inventory = inventory
            (poolKeys, poolSummaries) = Self.summaries(of: inventory)
        }

        private static func summaries(of inventory: HostInventory) -> ([PoolKey], [PoolSummary]) {
            let pools = inventory.pools
            return (pools.map(\.key), pools.map { pool in
                PoolSummary(vendorId: pool.key.vendorId, productId: pool.key.productId, deviceType: pool.key.deviceType,
                            numaNode: pool.key.numaNode, physicalNetwork: pool.key.physicalNetwork, trusted: pool.key.trusted,
                            tags: pool.key.tags, address: pool.key.poolAddress, free: pool.freeCount)
            })
        }
    }

    private struct View {
        var entries: [String: Entry] = [:]
        /// Every entry in host-name order, kept in step with `entries`, so listing every host is
        /// no copy; rebuilt (once, when next listed) after hosts were added or removed.
        var ordered: [Entry] = []
        var position: [String: Int] = [:]
        var stale = false
        /// The host count and generation sum of `entries`: equal to the store's fingerprint
        /// exactly when every cached host is as stored (generations only grow).
        var fingerprint = HostsFingerprint(hosts: 0, generations: 0)

        mutating func listed() -> [Entry] {
            if stale {
                ordered = entries.values.sorted { $0.host.name < $1.host.name }
                position = Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($1.host.name, $0) })
                stale = false
            }
            return ordered
        }

        mutating func recount() {
            fingerprint = HostsFingerprint(hosts: Int64(entries.count),
                                           generations: entries.values.reduce(0) { $0 + Int64($1.inventory.generation) })
        }

        /// Records `entry`, moving the fingerprint with it.
        mutating func put(_ entry: Entry) {
            let name = entry.host.name
            let previous = entries.updateValue(entry, forKey: name)
            fingerprint.hosts += previous == nil ? 1 : 0
            fingerprint.generations += Int64(entry.inventory.generation - (previous?.inventory.generation ?? 0))
            if let index = position[name], !stale { ordered[index] = entry } else { stale = true }
        }
    }

    private let view = Mutex(View())
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

    /// The same, given every host's latest heartbeat (one lock for a whole scheduling pass).
    static func lastSeen(_ host: ComputeHost, heartbeats: [String: Int64]) -> Int64 {
        max(host.reportedAt, heartbeats[host.name] ?? host.reportedAt)
    }

    /// Every host's latest heartbeat (one lock for a whole scheduling pass).
    var allHeartbeats: [String: Int64] { heartbeats.withLock { $0 } }

    /// Every host, sorted by name.
    var all: [Entry] { view.withLock { $0.listed() } }

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
