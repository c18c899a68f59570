import PatchbayCore
import PatchbayStore

extension ComputeService {
    /// Schedules and claims atomically: candidates in the scheduler's order, each claimed with a
    /// compare-and-swap on the host's generation that takes its PCI devices, RAM and VCPUs at once
    /// and moves the server to `networking` on that host. A lost race or a stale view moves on to
    /// the next candidate, and after the candidates run out the scheduler runs again on fresh
    /// counts. Returns the server as placed (its ports carry their devices).
    func place(_ server: Server, requests: [PCIRequest], requestPorts: [Int: Int]) async throws -> Server {
        let wanted = SchedulingRequest(ramMB: server.flavor.ramMB, vcpus: server.flavor.vcpus, pciRequests: requests)
        for round in 0..<8 {
            // Each round after the first lost every candidate to concurrent builds (on a shared
            // database, other servers' too): pause a little, at random, before looking again.
            if round > 0 { try await Task.sleep(for: .milliseconds(Int.random(in: 1...(5 * round)))) }
            // First the hosts no other build here is claiming; after a lost round, the
            // candidates in random order: builds racing from the same view (other servers'
            // too) would otherwise all try the same best host again.
            let ordered = try await choices(wanted)
            for (placement, keys) in round == 0 ? claimsInFlight.leastBusyFirst(ordered) : ordered.shuffled() {
                claimsInFlight.begin(placement.host)
                defer { claimsInFlight.end(placement.host) }
                if let placed = try await claim(placement, keys: keys, server: server, requests: requests,
                                                requestPorts: requestPorts) {
                    return placed
                }
            }
        }
        _ = try await choices(wanted)
        throw PatchbayError(code: "scheduler.no_valid_host", type: "NoValidHost", category: .internalError,
                            message: "No valid host: every candidate was taken by concurrent builds; retry.")
    }

    /// The scheduler's placements in its order, each with its host's pool keys (the view they
    /// came from is let go before any claim); throws the scheduler's refusal.
    private func choices(_ wanted: SchedulingRequest) async throws -> [(Placement, [PoolKey])] {
        let view = try await hostCandidates()
        switch scheduler.select(wanted, from: view.listing.candidates, availability: view.availability) {
        case .failure(let refusal): throw refusal.patchbayError
        case .success(let placements): return placements.map { ($0, view.keys(of: $0.host)) }
        }
    }

    /// The scheduler's view: every cached host's candidate as kept by the cache, and each one's
    /// liveness and capacity left now. Only the availability is built per pass (no reference
    /// counting), and only the hosts that hold servers are looked up by name.
    func hostCandidates() async throws -> HostCandidates {
        let used = try await repository.read { try await $0.claimedResourcesByHost() }
        try await refreshHosts()
        let listing = cache.listing
        let oldest = clock.now() - config.hostDownTime
        var availability: [HostAvailability] = []
        availability.reserveCapacity(listing.candidates.count)
        listing.candidates.withUnsafeBufferPointer { candidates in
            listing.lastSeen.withUnsafeBufferPointer { lastSeen in
                for index in candidates.indices {
                    availability.append(HostAvailability(alive: lastSeen[index] >= oldest, freeRAMMB: candidates[index].totalRAMMB,
                                                         freeVCPUs: candidates[index].totalVCPUs))
                }
            }
        }
        for (host, taken) in used {
            guard let index = listing.position[host] else { continue }
            availability[index].freeRAMMB -= taken.ramMB
            availability[index].freeVCPUs -= taken.vcpus
        }
        return HostCandidates(listing: listing, availability: availability)
    }

    /// Claims a placement in one transaction: the host's pools, RAM and VCPUs (compare-and-swap on
    /// its generation, which every claim bumps) and the server's move to `networking` on it
    /// (compare-and-swap on its revision). Nil when the host no longer has room; throws when the
    /// server was deleted or taken over meanwhile.
    private func claim(_ placement: Placement, keys: [PoolKey], server: Server, requests: [PCIRequest],
                       requestPorts: [Int: Int]) async throws -> Server? {
        let committed = LockedBox<InventoryCache.Entry?>(nil)
        let now = clock.now()
        // A snapshot suffices: every claim on the host writes its generation (compare-and-swap),
        // so two claims on one host conflict; the servers of other hosts it reads do not.
        let placed = try await repository.write(isolation: .snapshot) { session -> Server? in
            guard let stored = try await session.server(server.id) else { throw Self.serverNotFound(server.id) }
            var next = try stepped(stored, .placed, now: now)
            guard var entry = try await current(placement.host, in: session),
                  try await session.claimedResources(host: placement.host).admits(server.flavor, on: entry.host)
            else { return nil }
            let base = entry.inventory.generation
            var touched = Set<PCIAddress>()
            var claimed: [Int: [PCIAddress]] = [:]
            for take in placement.pciTakes where take.poolIndex < keys.count {
                let port: String? = if case .port(let id) = requests[take.requestIndex].source { id } else { nil }
                let change: InventoryChange
                do {
                    change = try entry.inventory.claim(pool: keys[take.poolIndex], count: take.count, server: server.id, port: port)
                } catch { return nil }
                touched.formUnion(change.written.map(\.address))
                claimed[take.requestIndex, default: []] += change.written
                    .filter { $0.state == .claimed && $0.serverId == server.id && !(claimed.values.joined().contains($0.address)) }
                    .map(\.address)
            }
            // Every claim moves the generation, also one that takes only RAM and VCPUs, so two
            // concurrent claims on one host can never both pass the capacity check.
            entry.inventory.advanceGeneration(to: base + 1)
            let merged = InventoryChange(updated: touched.sorted().compactMap { entry.inventory.record(at: $0) },
                                         baseGeneration: base, generation: entry.inventory.generation)
            guard try await session.apply(merged, host: entry.host) else { return nil }
            next.host = placement.host
            for (requestIndex, addresses) in claimed.sorted(by: { $0.key < $1.key }) {
                if let portIndex = requestPorts[requestIndex], portIndex < next.ports.count {
                    next.ports[portIndex].device = addresses.first
                } else {
                    next.aliasDevices += addresses
                }
            }
            guard try await session.update(next, expectedRevision: stored.audit.revisionNumber) else { throw Self.serverRaced(server.id) }
            committed.set(entry)
            return next
        }
        if let entry = committed.get() { cache.store(entry) }
        return placed
    }
}

/// Every host as the scheduler sees it: the cache's listing and each host's availability now.
struct HostCandidates {
    let listing: InventoryCache.Listing
    let availability: [HostAvailability]

    /// The host as a candidate with its availability now, or nil when it is not in the view.
    func candidate(_ host: String) -> HostCandidate? {
        listing.position[host].map { listing.candidates[$0].with(availability[$0]) }
    }

    /// The pool keys of `host`, in its candidate's pool order (empty when it is not in the view).
    func keys(of host: String) -> [PoolKey] {
        listing.position[host].map { listing.entries[$0].poolKeys } ?? []
    }
}
