/// A pool of segmentation ids given as ranges, from which free ids are drawn uniformly at random
/// without enumerating the ranges (VNI pools can hold 16 million ids).
struct SegmentIdPool: Sendable, Hashable {
    /// Disjoint, ascending, non-adjacent intervals covering exactly the pool's ids.
    let intervals: [ClosedRange<Int>]

    /// Merges possibly overlapping `ranges`, clipped to `bounds`, into a pool.
    init(_ ranges: some Sequence<ClosedRange<Int>>, within bounds: ClosedRange<Int>) {
        let clipped = ranges.filter { $0.overlaps(bounds) }.map { $0.clamped(to: bounds) }
        var merged: [ClosedRange<Int>] = []
        for range in clipped.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, range.lowerBound <= last.upperBound + 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        intervals = merged
    }

    /// A uniformly chosen id of the pool that is not in `allocated`, or nil if none is free.
    ///
    /// Costs O(a log a) for `a` allocated ids; the RNG is consulted only when an id is free.
    func randomFreeId(excluding allocated: Set<Int>, using rng: inout some RandomNumberGenerator) -> Int? {
        let taken = allocated.sorted()
        let freeCounts = intervals.map { interval in
            interval.count - (firstIndex(in: taken, notBelow: interval.upperBound + 1)
                - firstIndex(in: taken, notBelow: interval.lowerBound))
        }
        let totalFree = freeCounts.reduce(0, +)
        guard totalFree > 0 else { return nil }
        var index = Int.random(in: 0..<totalFree, using: &rng)
        for (interval, free) in zip(intervals, freeCounts) {
            if index < free { return freeId(at: index, in: interval, taken: taken) }
            index -= free
        }
        return nil
    }

    /// The `index`-th (0-based) id of `interval` that is not in the sorted `taken` list.
    private func freeId(at index: Int, in interval: ClosedRange<Int>, taken: [Int]) -> Int {
        var candidate = interval.lowerBound + index
        var position = firstIndex(in: taken, notBelow: interval.lowerBound)
        while position < taken.count, taken[position] <= candidate {
            candidate += 1
            position += 1
        }
        return candidate
    }

    /// Binary search: the first position in the sorted `values` whose element is ≥ `bound`.
    private func firstIndex(in values: [Int], notBelow bound: Int) -> Int {
        var low = 0, high = values.count
        while low < high {
            let middle = (low + high) / 2
            if values[middle] < bound { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
