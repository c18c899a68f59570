import PatchbayCore
import Synchronization

/// The uploads this server process is streaming now, and the id it holds their leases under:
/// a `saving` image of this process that no request of it is uploading was left by a request
/// that ended without settling it, and counts as `queued` again.
final class UploadsInFlight: Sendable {
    /// This process's identity on upload leases (random per start).
    let instance = UUIDv4.make()
    private let requests = Mutex<[String: Int]>([:])

    /// Records a request uploading to `id` (before it claims the image, so a concurrent request
    /// of this process never takes the claim for an abandoned one).
    func begin(_ id: String) { requests.withLock { $0[id, default: 0] += 1 } }

    /// Records that a request uploading to `id` ended.
    func end(_ id: String) {
        requests.withLock { requests in
            let left = (requests[id] ?? 1) - 1
            requests[id] = left > 0 ? left : nil
        }
    }

    /// Whether a request of this process is uploading to `id`.
    func contains(_ id: String) -> Bool { count(id) > 0 }

    /// How many requests of this process are uploading to `id`.
    func count(_ id: String) -> Int { requests.withLock { $0[id] ?? 0 } }
}
