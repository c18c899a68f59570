import PatchbayCore
import Synchronization

/// Remembers the decoded value of each stored document, keyed by row id and checked against
/// the exact document text, so a list of 500 unchanged rows skips 500 JSON decodes. A changed
/// document simply misses; the cache never holds anything the database does not.
final class DecodedCache<Value: Sendable>: Sendable {
    private let entries = Mutex<[String: (document: String, value: Value)]>([:])
    private let capacity: Int

    init(capacity: Int = 250_000) { self.capacity = capacity }

    /// The cached value if `document` is exactly the text it was decoded from.
    func value(id: String, document: String) -> Value? {
        entries.withLock { entries in
            guard let entry = entries[id], entry.document == document else { return nil }
            return entry.value
        }
    }

    /// Records a decoded value.
    func store(id: String, document: String, value: Value) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[id] = (document, value)
        }
    }

    /// Forgets a row.
    func remove(id: String) {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }
}

/// The caches of one repository, shared by all its sessions.
struct DocumentCaches: Sendable {
    let networks = DecodedCache<Network>()
    let subnets = DecodedCache<Subnet>()
    let ports = DecodedCache<Port>()
    let agents = DecodedCache<AgentRecord>()
}
