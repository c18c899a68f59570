/// A server's PCI requests laid out once per `Scheduler.select`, before the host loop, so the
/// loop checks each host's pools in place with prepared spec matchers: no request, spec, pool
/// or host is copied and nothing is allocated per host.
///
/// It gives exactly `PCIFilter`'s verdicts and `matchingFreeDevices`. Requests with a guest NUMA
/// topology are left to `PCIFilter` itself (see `handlesHostsAlone`).
struct PreparedPCIRequests {
    /// A matcher for every spec of every request, request after request.
    private var matchers: ContiguousArray<PoolSpecMatcher>
    /// Per request: the range of its specs in `matchers`.
    private let specRanges: ContiguousArray<Range<Int>>
    /// Per request: how many devices it needs.
    private let counts: ContiguousArray<Int>
    /// False when NUMA policies apply; the scheduler then calls `PCIFilter` for each host.
    let handlesHostsAlone: Bool

    init(_ request: SchedulingRequest) {
        var matchers = ContiguousArray<PoolSpecMatcher>()
        var ranges = ContiguousArray<Range<Int>>()
        for pciRequest in request.pciRequests {
            let start = matchers.count
            matchers.append(contentsOf: pciRequest.specs.map(PoolSpecMatcher.init))
            ranges.append(start..<matchers.count)
        }
        self.matchers = matchers
        specRanges = ranges
        counts = ContiguousArray(request.pciRequests.map(\.count))
        handlesHostsAlone = !request.hasNUMATopology
    }

    /// `PCIFilter.check` without NUMA policies, with `scratch.matchingFreeDevices` set the same way.
    mutating func check(_ pools: UnsafeBufferPointer<PoolSummary>, scratch: inout SchedulingScratch) -> HostVerdict {
        if !scratch.takes.isEmpty { scratch.takes.removeAll(keepingCapacity: true) }
        guard !counts.isEmpty else {
            scratch.matchingFreeDevices = 0
            return .pass
        }
        guard let first = pools.baseAddress else {
            scratch.matchingFreeDevices = 0
            return Self.noneMatching(counts)
        }
        let (counts, specRanges) = (counts, specRanges)
        return matchers.withUnsafeMutableBufferPointer { specs in
            var matching = 0
            for index in pools.indices where pools[index].free > 0 && Self.matches(first + index, specs, specs.indices) {
                matching += pools[index].free
            }
            scratch.matchingFreeDevices = matching
            // Quick reject: nothing matches, so the first request needing a device fails.
            guard matching > 0 else { return Self.noneMatching(counts) }
            return withUnsafeTemporaryAllocation(of: Int.self, capacity: pools.count * 2) { counted in
                Self.fit(pools, specs, counts: counts, specRanges: specRanges,
                         free: UnsafeMutableBufferPointer(rebasing: counted[0..<pools.count]),
                         withheld: UnsafeMutableBufferPointer(rebasing: counted[pools.count...]))
            }
        }
    }

    /// The verdict when no pool has a free matching device (nothing can be withheld either).
    private static func noneMatching(_ counts: ContiguousArray<Int>) -> HostVerdict {
        guard let first = counts.firstIndex(where: { $0 > 0 }) else { return .pass }
        return .refuse(.noFreeDevice(requestIndex: first))
    }

    /// Fits the requests in order into counted copies of the pools, as `PCIFilter.fit` does.
    private static func fit(_ pools: UnsafeBufferPointer<PoolSummary>, _ specs: UnsafeMutableBufferPointer<PoolSpecMatcher>,
                            counts: ContiguousArray<Int>, specRanges: ContiguousArray<Range<Int>>,
                            free: UnsafeMutableBufferPointer<Int>, withheld: UnsafeMutableBufferPointer<Int>) -> HostVerdict {
        let first = pools.baseAddress!
        for index in pools.indices {
            free[index] = max(0, pools[index].free)
            withheld[index] = 0
        }
        for requestIndex in counts.indices {
            var needed = counts[requestIndex]
            let range = specRanges[requestIndex]
            for poolIndex in pools.indices where needed > 0 && free[poolIndex] > 0 {
                guard matches(first + poolIndex, specs, range) else { continue }
                let taken = min(needed, free[poolIndex])
                free[poolIndex] -= taken
                needed -= taken
                withholdSiblings(of: poolIndex, in: pools, free: free, withheld: withheld)
            }
            guard needed > 0 else { continue }
            var withheldMatching = 0
            for poolIndex in pools.indices where withheld[poolIndex] > 0 && matches(first + poolIndex, specs, range) {
                withheldMatching += withheld[poolIndex]
            }
            return .refuse(withheldMatching >= needed ? .pfVfConflict(requestIndex: requestIndex)
                : .noFreeDevice(requestIndex: requestIndex))
        }
        return .pass
    }

    /// After taking from a VF pool, withholds the PF pools of the same card, and vice versa.
    @inline(__always)
    private static func withholdSiblings(of taken: Int, in pools: UnsafeBufferPointer<PoolSummary>,
                                         free: UnsafeMutableBufferPointer<Int>, withheld: UnsafeMutableBufferPointer<Int>) {
        guard let address = pools[taken].address, pools[taken].deviceType != .pci else { return }
        let siblingType: PCIDeviceType = pools[taken].deviceType == .vf ? .pf : .vf
        for index in pools.indices where pools[index].deviceType == siblingType && pools[index].address == address {
            withheld[index] += free[index]
            free[index] = 0
        }
    }

    /// True when the pool at `pool` matches one of the specs in `range`.
    @inline(__always)
    private static func matches(_ pool: UnsafePointer<PoolSummary>, _ specs: UnsafeMutableBufferPointer<PoolSpecMatcher>,
                                _ range: Range<Int>) -> Bool {
        for index in range where specs[index].matches(pool) { return true }
        return false
    }
}
