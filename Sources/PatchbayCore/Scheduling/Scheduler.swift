/// Picks hosts for a server: runs the filters over every host, weighs the survivors and
/// returns the best few as ranked placements, or an explained `NoValidHost`.
///
/// Several candidates are returned because the claim happens later and atomically: a caller
/// that loses a race for the first host claims the next one instead.
public struct Scheduler: Sendable {
    /// The filters, in order: the first refusal removes a host.
    public var filters: [any HostFilter]
    /// The ordering of surviving hosts.
    public var weigher: HostWeigher
    /// How many ranked placements `select` returns at most.
    public var maxCandidates: Int

    /// Alive/enabled, then RAM/VCPU capacity, then PCI with NUMA policies.
    public static let standardFilters: [any HostFilter] = [AliveFilter(), CapacityFilter(), PCIFilter()]

    /// Creates a scheduler.
    public init(weigher: HostWeigher = .pack, maxCandidates: Int = 5, filters: [any HostFilter] = Scheduler.standardFilters) {
        self.filters = filters
        self.weigher = weigher
        self.maxCandidates = max(1, maxCandidates)
    }

    /// The best hosts for `request`, best first, each with the pools to take from; or why none fits.
    public func select(_ request: SchedulingRequest, from hosts: [HostCandidate]) -> Result<[Placement], NoValidHost> {
        select(request, from: hosts, availability: hosts.map(\.availability))
    }

    /// The same, with each host's liveness and free capacity taken from `availability` (one per
    /// host, in the same order) instead of from the candidate.
    public func select(_ request: SchedulingRequest, from hosts: [HostCandidate],
                       availability: [HostAvailability]) -> Result<[Placement], NoValidHost> {
        precondition(hosts.count == availability.count, "one availability per host")
        var scratch = SchedulingScratch()
        var tally = NoValidHost.Tally(requestCount: request.pciRequests.count)
        var best: [HostScore] = []
        best.reserveCapacity(maxCandidates + 1)
        // Resolved once, before the host loop: the filters, and the PCI requests' specs.
        let stages = FilterStage.stages(of: filters)
        var pci = PreparedPCIRequests(request)
        stages.withUnsafeBufferPointer { stages in
            hosts.withUnsafeBufferPointer { candidates in
                availability.withUnsafeBufferPointer { states in
                    guard let base = candidates.baseAddress, let stateBase = states.baseAddress else { return }
                    hostLoop: for index in candidates.indices {
                        let host = base + index, state = stateBase + index
                        for stage in stages.indices {
                            if case .refuse(let refusal) = stages[stage].check(host, state, for: request, filters: filters,
                                                                          pci: &pci, scratch: &scratch) {
                                tally.record(refusal)
                                continue hostLoop
                            }
                        }
                        let score = HostScore(hostIndex: index, matchingFreeDevices: scratch.matchingFreeDevices,
                                              freeRAMMB: state.pointee.freeRAMMB)
                        insert(score, into: &best, hosts: hosts)
                    }
                }
            }
        }
        guard !best.isEmpty else {
            return .failure(NoValidHost(totalHosts: hosts.count, tally: tally, requests: request.pciRequests))
        }
        scratch.recordsTakes = true
        let pciFilter = PCIFilter()
        var placements: [Placement] = []
        for score in best {
            let host = hosts[score.hostIndex].with(availability[score.hostIndex])
            _ = pciFilter.check(host, for: request, scratch: &scratch)
            placements.append(Placement(host: host.name, pciTakes: scratch.takes))
        }
        return .success(placements)
    }

    /// Keeps `best` sorted and at most `maxCandidates` long (a small insertion sort: O(hosts·k)).
    private func insert(_ score: HostScore, into best: inout [HostScore], hosts: [HostCandidate]) {
        if best.count == maxCandidates, let last = best.last, !weigher.prefers(score, over: last, hosts: hosts) { return }
        var position = best.count
        while position > 0, weigher.prefers(score, over: best[position - 1], hosts: hosts) { position -= 1 }
        best.insert(score, at: position)
        if best.count > maxCandidates { best.removeLast() }
    }
}

/// One ranked candidate: a host and, for each PCI request, the pools and counts to take.
public struct Placement: Sendable, Hashable {
    /// The host name.
    public var host: String
    /// The pool takes, grouped by request in request order.
    public var pciTakes: [PoolTake]

    /// Creates a placement.
    public init(host: String, pciTakes: [PoolTake]) {
        self.host = host
        self.pciTakes = pciTakes
    }

    /// The takes that serve PCI request `requestIndex`.
    public func takes(forRequest requestIndex: Int) -> [PoolTake] {
        pciTakes.filter { $0.requestIndex == requestIndex }
    }
}

/// `count` devices taken from one pool of the chosen host for one PCI request.
public struct PoolTake: Sendable, Hashable {
    /// Index of the PCI request in `SchedulingRequest.pciRequests`.
    public var requestIndex: Int
    /// Index of the pool in `HostCandidate.pools`.
    public var poolIndex: Int
    /// The pool's PF address, if known, so the claimer can find it without the index.
    public var poolAddress: PCIAddress?
    /// How many devices to take.
    public var count: Int

    /// Creates a take.
    public init(requestIndex: Int, poolIndex: Int, poolAddress: PCIAddress?, count: Int) {
        self.requestIndex = requestIndex
        self.poolIndex = poolIndex
        self.poolAddress = poolAddress
        self.count = count
    }
}
