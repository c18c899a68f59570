import PatchbayCore
import Synchronization

/// Per-subnet allocation cursors: the address after the last one this process handed out. A
/// cursor is only a hint: the allocations' primary key refuses an address taken meanwhile (a
/// rolled-back transaction, another server), and the create is run again past it.
final class AllocationCursors: Sendable {
    private let cursors = Mutex<[String: IPAddress]>([:])

    /// The next candidate for a subnet, if this process has allocated there before.
    func next(subnet: String) -> IPAddress? { cursors.withLock { $0[subnet] } }

    /// Moves a subnet's cursor past `address`.
    func advance(subnet: String, past address: IPAddress) {
        cursors.withLock { $0[subnet] = address.successor }
    }

    /// Forgets a subnet's cursor, so its next allocation scans for the lowest free address.
    func forget(subnet: String) { _ = cursors.withLock { $0.removeValue(forKey: subnet) } }
}
