import PatchbayCore
import Synchronization

/// Per-subnet allocation cursors: the address after the last one this process handed out. A
/// cursor is only a hint; the allocator checks the database before using it, so a stale cursor
/// (a rolled-back transaction, another server) costs one lookup, never a double allocation.
final class AllocationCursors: Sendable {
    private let cursors = Mutex<[String: IPAddress]>([:])

    /// The next candidate for a subnet, if this process has allocated there before.
    func next(subnet: String) -> IPAddress? { cursors.withLock { $0[subnet] } }

    /// Moves a subnet's cursor past `address`.
    func advance(subnet: String, past address: IPAddress) {
        cursors.withLock { $0[subnet] = address.successor }
    }
}
