/// Picks free addresses from allocation pools without enumerating them.
public enum IPAllocator {
    /// The lowest address of the first pool (in pool order) that has one not in `used`; nil when
    /// every pool is exhausted.
    ///
    /// Each pool is walked from its start past consecutive used addresses, so the cost grows with
    /// the number of used addresses, not with the pool size: a /64 pool is fine.
    public static func firstFree(in pools: [AllocationPool], excluding used: Set<IPAddress>) -> IPAddress? {
        for pool in pools where pool.isWellFormed {
            var candidate = pool.start
            while used.contains(candidate) {
                guard candidate.value < pool.end.value, let next = candidate.successor else { break }
                candidate = next
            }
            if !used.contains(candidate) { return candidate }
        }
        return nil
    }

    /// True when `ip` lies in any of `pools`.
    public static func contains(_ pools: [AllocationPool], _ ip: IPAddress) -> Bool {
        pools.contains { $0.contains(ip) }
    }
}
