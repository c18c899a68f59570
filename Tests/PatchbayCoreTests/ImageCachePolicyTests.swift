import PatchbayCore
import Testing

/// The cache keeps every image a guest is laid over and removes the least recently used of the
/// others until the rest fit.
@Suite struct ImageCachePolicyTests {
    static func entry(_ name: String, _ size: Int64, used: Int64) -> CachedImageEntry {
        CachedImageEntry(sha512: name, size: size, lastUsed: used)
    }

    @Test func withinTheLimitNothingGoes() {
        #expect(ImageCachePolicy.evictions([Self.entry("a", 10, used: 1), Self.entry("b", 10, used: 2)], inUse: [], maxBytes: 20).isEmpty)
    }

    @Test func leastRecentlyUsedGoFirstUntilTheRestFit() {
        let entries = [Self.entry("new", 40, used: 30), Self.entry("old", 40, used: 10), Self.entry("mid", 40, used: 20)]
        #expect(ImageCachePolicy.evictions(entries, inUse: [], maxBytes: 80) == ["old"])
        #expect(ImageCachePolicy.evictions(entries, inUse: [], maxBytes: 79) == ["old", "mid"])
        #expect(ImageCachePolicy.evictions(entries, inUse: [], maxBytes: 0) == ["old", "mid", "new"])
    }

    @Test func anImageInUseStaysEvenOverTheLimit() {
        let entries = [Self.entry("base", 100, used: 1), Self.entry("spare", 10, used: 2)]
        #expect(ImageCachePolicy.evictions(entries, inUse: ["base"], maxBytes: 50) == ["spare"])
        #expect(ImageCachePolicy.evictions(entries, inUse: ["base", "spare"], maxBytes: 0).isEmpty)
    }
}
