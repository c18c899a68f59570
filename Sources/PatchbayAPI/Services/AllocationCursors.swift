import PatchbayCore
import Synchronization

/// Per-subnet allocation cursors: the next address this process hands out on each subnet. A
/// cursor is only a hint: the allocations' primary key refuses an address taken meanwhile (a
/// rolled-back transaction, another server), and the create is run again past it.
final class AllocationCursors: Sendable {
    private let cursors = Mutex<[String: IPAddress]>([:])

    /// Takes a subnet's cursor and moves it on, in one step: concurrent creates on this server
    /// each get an address of their own. Nil when this process has not allocated there yet.
    func claim(subnet: String) -> IPAddress? {
        cursors.withLock { cursors in
            guard let next = cursors[subnet] else { return nil }
            cursors[subnet] = next.successor
            return next
        }
    }

    /// Moves a subnet's cursor past `address`, never back.
    func advance(subnet: String, past address: IPAddress) {
        cursors.withLock { cursors in
            if let current = cursors[subnet], current > address { return }
            cursors[subnet] = address.successor
        }
    }

    /// Moves a subnet's cursor on by `count` addresses (after a collision with another server
    /// allocating from the same place, so the two stop taking the same addresses in step).
    func skip(subnet: String, by count: Int) {
        cursors.withLock { cursors in
            for _ in 0..<count { cursors[subnet] = cursors[subnet]?.successor }
        }
    }

    /// Forgets a subnet's cursor, so its next allocation scans for the lowest free address.
    func forget(subnet: String) { _ = cursors.withLock { $0.removeValue(forKey: subnet) } }
}
