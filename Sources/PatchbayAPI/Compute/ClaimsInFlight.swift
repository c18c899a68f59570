import PatchbayCore
import Synchronization

/// The hosts this server's builds are claiming right now. Builds that start together see the
/// same best host; trying first the hosts no other build here is claiming keeps them from all
/// racing for it (and all but one retrying). With one build at a time the order is unchanged.
final class ClaimsInFlight: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    /// `placements` with the hosts that have fewer claims in flight first, otherwise in order.
    func leastBusyFirst<Keys>(_ placements: [(Placement, Keys)]) -> [(Placement, Keys)] {
        let busy = counts.withLock { counts in placements.map { counts[$0.0.host] ?? 0 } }
        return placements.indices.sorted { (busy[$0], $0) < (busy[$1], $1) }.map { placements[$0] }
    }

    /// Marks a claim on `host` as started.
    func begin(_ host: String) { counts.withLock { $0[host, default: 0] += 1 } }

    /// Marks a claim on `host` as done.
    func end(_ host: String) {
        counts.withLock { counts in
            let left = (counts[host] ?? 1) - 1
            counts[host] = left > 0 ? left : nil
        }
    }
}
