import PatchbayCore
import Synchronization

/// The uploads this server process is streaming now, and the id it holds their leases under:
/// a `saving` image of this process that is not in the set was left by a request that ended
/// without settling it, and counts as `queued` again.
final class UploadsInFlight: Sendable {
    /// This process's identity on upload leases (random per start).
    let instance = UUIDv4.make()
    private let images = Mutex<Set<String>>([])

    /// Records an upload to `id` as under way.
    func begin(_ id: String) { _ = images.withLock { $0.insert(id) } }

    /// Records the upload to `id` as over.
    func end(_ id: String) { _ = images.withLock { $0.remove(id) } }

    /// Whether an upload to `id` runs in this process.
    func contains(_ id: String) -> Bool { images.withLock { $0.contains(id) } }
}
