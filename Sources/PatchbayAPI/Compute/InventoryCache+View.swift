import PatchbayCore
import PatchbayStore

extension InventoryCache {
    /// The cache's state behind its lock.
    struct View {
        var entries: [String: Entry] = [:]
        /// Every entry in host-name order, kept in step with `entries` (so listing every host
        /// is no copy); rebuilt, when next listed, after hosts were added or removed.
        var listing = Listing()
        var stale = false
        /// The latest heartbeat of each host's agent, also of hosts not cached yet.
        var heartbeats: [String: Int64] = [:]
        /// The host count and generation sum of `entries`: equal to the store's fingerprint
        /// exactly when every cached host is as stored (generations only grow).
        var fingerprint = HostsFingerprint(hosts: 0, generations: 0)

        mutating func listed() -> Listing {
            if stale {
                let ordered = entries.values.sorted { $0.host.name < $1.host.name }
                listing = Listing(entries: ordered, candidates: ordered.map(\.candidate), lastSeen: ordered.map { lastSeen($0.host) },
                                  position: Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($1.host.name, $0) }))
                stale = false
            }
            return listing
        }

        /// When the host was last heard from: its latest inventory report or agent heartbeat.
        func lastSeen(_ host: ComputeHost) -> Int64 {
            max(host.reportedAt, heartbeats[host.name] ?? host.reportedAt)
        }

        mutating func heard(_ name: String, at time: Int64) {
            let latest = max(heartbeats[name] ?? time, time)
            heartbeats[name] = latest
            if !stale, let index = listing.position[name] { listing.lastSeen[index] = max(listing.lastSeen[index], latest) }
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
            if let index = listing.position[name], !stale {
                listing.entries[index] = entry
                listing.candidates[index] = entry.candidate
                listing.lastSeen[index] = lastSeen(entry.host)
            } else {
                stale = true
            }
        }
    }
}
