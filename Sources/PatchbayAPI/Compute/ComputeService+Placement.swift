import PatchbayCore
import PatchbayStore

extension ComputeService {
    /// Schedules and claims atomically: candidates in the scheduler's order, each claimed with a
    /// compare-and-swap on the host's generation. A lost race or a stale view moves on to the
    /// next candidate, and after the candidates run out the scheduler runs again on fresh counts.
    /// Returns the host and, per request index, the claimed addresses.
    func place(_ server: Server, requests: [PCIRequest]) async throws -> (String, [Int: [PCIAddress]]) {
        let wanted = SchedulingRequest(ramMB: server.flavor.ramMB, vcpus: server.flavor.vcpus, pciRequests: requests)
        for _ in 0..<3 {
            let (candidates, keys) = try await hostCandidates()
            switch scheduler.select(wanted, from: candidates) {
            case .failure(let refusal):
                throw refusal.patchbayError
            case .success(let placements):
                for placement in placements {
                    if let claimed = try await claim(placement, keys: keys[placement.host] ?? [], server: server, requests: requests) {
                        return (placement.host, claimed)
                    }
                }
            }
        }
        let (candidates, _) = try await hostCandidates()
        if case .failure(let refusal) = scheduler.select(wanted, from: candidates) { throw refusal.patchbayError }
        throw PatchbayError(code: "scheduler.no_valid_host", type: "NoValidHost", category: .internalError,
                            message: "No valid host: every candidate was taken by concurrent builds; retry.")
    }

    /// The scheduler's view: each host's capacity left and its pools, with the pool keys in the
    /// same order as the summaries.
    func hostCandidates() async throws -> ([HostCandidate], [String: [PoolKey]]) {
        let servers = try await repository.read { try await $0.servers(projectId: nil) }
        var used: [String: (ram: Int, vcpus: Int)] = [:]
        for server in servers where server.status != .error {
            guard let host = server.host else { continue }
            used[host, default: (0, 0)].ram += server.flavor.ramMB
            used[host, default: (0, 0)].vcpus += server.flavor.vcpus
        }
        let now = clock.now()
        var candidates: [HostCandidate] = []
        var keys: [String: [PoolKey]] = [:]
        for entry in cache.all {
            let pools = entry.inventory.pools
            keys[entry.host.name] = pools.map(\.key)
            let taken = used[entry.host.name] ?? (0, 0)
            candidates.append(HostCandidate(
                name: entry.host.name, alive: now - cache.lastSeen(entry.host) <= config.hostDownTime, enabled: entry.host.enabled,
                totalRAMMB: entry.host.memoryMB, freeRAMMB: entry.host.memoryMB - taken.ram,
                totalVCPUs: entry.host.vcpus, freeVCPUs: entry.host.vcpus - taken.vcpus, numaCells: entry.host.numaCells,
                pools: pools.map { pool in
                    PoolSummary(vendorId: pool.key.vendorId, productId: pool.key.productId, deviceType: pool.key.deviceType,
                                numaNode: pool.key.numaNode, physicalNetwork: pool.key.physicalNetwork, trusted: pool.key.trusted,
                                tags: pool.key.tags, address: pool.key.poolAddress, free: pool.freeCount)
                }))
        }
        return (candidates, keys)
    }

    /// Claims a placement's pools in one transaction; nil when the host no longer has them.
    private func claim(_ placement: Placement, keys: [PoolKey], server: Server, requests: [PCIRequest]) async throws
        -> [Int: [PCIAddress]]? {
        let result = try await repository.write { session -> (InventoryCache.Entry, [Int: [PCIAddress]])? in
            guard var entry = try await current(placement.host, in: session) else { return nil }
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
            let merged = InventoryChange(updated: touched.sorted().compactMap { entry.inventory.record(at: $0) },
                                         baseGeneration: base, generation: entry.inventory.generation)
            guard try await session.apply(merged, host: entry.host) else { return nil }
            var placed = server
            placed.host = placement.host
            try await session.save(placed)
            return (entry, claimed)
        }
        guard let (entry, claimed) = result else { return nil }
        cache.store(entry)
        return claimed
    }
}
