/// Removes hosts that cannot satisfy all of a server's PCI requests at once.
///
/// Requests are fitted in order against one set of counted pools, so two requests never count
/// the same free device. Taking a VF withholds the PF of its card and taking a PF withholds its
/// VFs (the scheduler models the PF/VF exclusion that Nova leaves to the compute). NUMA
/// policies are applied while matching; a host that fits only when they are ignored is refused
/// as a NUMA refusal, otherwise as a PCI one.
public struct PCIFilter: HostFilter {
    /// Creates the filter.
    public init() {}

    /// Passes hosts where every PCI request fits; records the takes when the scratch asks.
    public func check(_ host: HostCandidate, for request: SchedulingRequest, scratch: inout SchedulingScratch) -> HostVerdict {
        scratch.matchingFreeDevices = Self.matchingFreeDevices(host, request)
        guard !request.pciRequests.isEmpty else {
            scratch.takes.removeAll(keepingCapacity: true)
            return .pass
        }
        guard let refusal = fit(host, request, applyingNUMA: request.hasNUMATopology, scratch: &scratch) else {
            return .pass
        }
        guard request.hasNUMATopology else { return .refuse(refusal) }
        let recording = scratch.recordsTakes
        scratch.recordsTakes = false
        defer { scratch.recordsTakes = recording }
        if let withoutNUMA = fit(host, request, applyingNUMA: false, scratch: &scratch) { return .refuse(withoutNUMA) }
        return .refuse(.numa(requestIndex: Self.requestIndex(of: refusal)))
    }

    /// Fits every request into the host's counted pools; nil on success, else the first shortfall.
    func fit(_ host: HostCandidate, _ request: SchedulingRequest, applyingNUMA: Bool,
             scratch: inout SchedulingScratch) -> HostRefusal? {
        scratch.load(host.pools)
        return host.pools.withUnsafeBufferPointer { pools in
            request.pciRequests.withUnsafeBufferPointer { requests in
                for requestIndex in requests.indices {
                    let needed = take(requests[requestIndex], index: requestIndex, from: pools, host: host,
                                      nodes: applyingNUMA ? request.instanceNUMANodes : [], scratch: &scratch)
                    guard needed > 0 else { continue }
                    let withheld = withheldMatching(requests[requestIndex], pools: pools, host: host,
                                                    nodes: applyingNUMA ? request.instanceNUMANodes : [], scratch: scratch)
                    return withheld >= needed ? .pfVfConflict(requestIndex: requestIndex) : .noFreeDevice(requestIndex: requestIndex)
                }
                return nil
            }
        }
    }

    /// Takes devices for one request, best NUMA rank first; returns how many are still missing.
    private func take(_ pciRequest: PCIRequest, index requestIndex: Int, from pools: UnsafeBufferPointer<PoolSummary>,
                      host: HostCandidate, nodes: [Int], scratch: inout SchedulingScratch) -> Int {
        let policy = pciRequest.effectiveNUMAPolicy
        var needed = pciRequest.count
        for rank in 0...(nodes.isEmpty ? 0 : NUMAPolicyMatcher.worstRank) where needed > 0 {
            for poolIndex in pools.indices where needed > 0 && scratch.free[poolIndex] > 0 {
                if !nodes.isEmpty,
                   NUMAPolicyMatcher.rank(ofNode: pools[poolIndex].numaNode, policy: policy, instanceNodes: nodes, host: host) != rank {
                    continue
                }
                guard pciRequest.matches(pools[poolIndex]) else { continue }
                let taken = min(needed, scratch.free[poolIndex])
                scratch.free[poolIndex] -= taken
                needed -= taken
                if scratch.recordsTakes {
                    scratch.takes.append(PoolTake(requestIndex: requestIndex, poolIndex: poolIndex,
                                                  poolAddress: pools[poolIndex].address, count: taken))
                }
                withholdSiblings(of: poolIndex, in: pools, scratch: &scratch)
            }
        }
        return needed
    }

    /// Devices the request could have used but that the PF/VF exclusion withheld.
    private func withheldMatching(_ pciRequest: PCIRequest, pools: UnsafeBufferPointer<PoolSummary>, host: HostCandidate,
                                  nodes: [Int], scratch: SchedulingScratch) -> Int {
        var withheld = 0
        for poolIndex in pools.indices where scratch.withheld[poolIndex] > 0 && pciRequest.matches(pools[poolIndex]) {
            let policy = pciRequest.effectiveNUMAPolicy
            if NUMAPolicyMatcher.rank(ofNode: pools[poolIndex].numaNode, policy: policy, instanceNodes: nodes, host: host) != nil {
                withheld += scratch.withheld[poolIndex]
            }
        }
        return withheld
    }

    /// After taking from a VF pool, withholds the PF pools of the same card, and vice versa.
    private func withholdSiblings(of taken: Int, in pools: UnsafeBufferPointer<PoolSummary>, scratch: inout SchedulingScratch) {
        guard let address = pools[taken].address, pools[taken].deviceType != .pci else { return }
        let siblingType: PCIDeviceType = pools[taken].deviceType == .vf ? .pf : .vf
        for index in pools.indices where pools[index].deviceType == siblingType && pools[index].address == address {
            scratch.withheld[index] += scratch.free[index]
            scratch.free[index] = 0
        }
    }

    /// Free devices in pools matching any PCI request (NUMA aside), for the weighers.
    static func matchingFreeDevices(_ host: HostCandidate, _ request: SchedulingRequest) -> Int {
        guard !request.pciRequests.isEmpty else { return 0 }
        return host.pools.withUnsafeBufferPointer { pools in
            request.pciRequests.withUnsafeBufferPointer { requests in
                var total = 0
                for poolIndex in pools.indices where pools[poolIndex].free > 0 {
                    for requestIndex in requests.indices where requests[requestIndex].matches(pools[poolIndex]) {
                        total += pools[poolIndex].free
                        break
                    }
                }
                return total
            }
        }
    }

    private static func requestIndex(of refusal: HostRefusal) -> Int {
        switch refusal {
        case .noFreeDevice(let index), .pfVfConflict(let index), .numa(let index): index
        case .notAliveOrDisabled, .insufficientRAM, .insufficientVCPUs: 0
        }
    }
}
