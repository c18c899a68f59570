/// One image in a host's cache: its digest, size and when a guest was last laid out over it.
public struct CachedImageEntry: Sendable, Hashable {
    /// The hex SHA-512 that names it.
    public var sha512: String
    /// Bytes on disk.
    public var size: Int64
    /// Seconds since the epoch of its last use (its file's modification time).
    public var lastUsed: Int64

    /// Creates an entry.
    public init(sha512: String, size: Int64, lastUsed: Int64) {
        self.sha512 = sha512
        self.size = size
        self.lastUsed = lastUsed
    }
}

/// Which cached images a host removes to keep its cache within a size: never one a guest's disk
/// is laid over, then least recently used first, until the rest fit (Nova's image cache manager
/// removes unused bases by age; this one by size, so a busy host keeps what it reuses).
public enum ImageCachePolicy {
    /// The digests to remove, in removal order.
    public static func evictions(_ entries: [CachedImageEntry], inUse: Set<String>, maxBytes: Int64) -> [String] {
        var total = entries.reduce(Int64(0)) { $0 + $1.size }
        guard total > maxBytes else { return [] }
        var removed: [String] = []
        let candidates = entries.filter { !inUse.contains($0.sha512) }
            .sorted { ($0.lastUsed, $0.sha512) < ($1.lastUsed, $1.sha512) }
        for entry in candidates where total > maxBytes {
            removed.append(entry.sha512)
            total -= entry.size
        }
        return removed
    }
}
