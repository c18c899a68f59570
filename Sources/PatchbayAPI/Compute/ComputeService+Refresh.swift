import PatchbayCore
import PatchbayStore

extension ComputeService {
    /// Every host as the database has it now, through the cache: a host another server added, or
    /// whose inventory another server changed (its generation moved), is loaded again, and agent
    /// heartbeats any server stored count for liveness. Several servers on one database so
    /// schedule from the same truth.
    func refreshedHosts() async throws -> [InventoryCache.Entry] {
        let (stored, changed) = try await repository.read { session in
            let stored = try await session.hosts()
            var changed: [InventoryCache.Entry] = []
            for (host, generation) in stored where cache.entry(host.name)?.inventory.generation != generation {
                let records = try await session.devices(host: host.name)
                changed.append(.init(host: host, inventory: HostInventory(host: host.name, restoring: records, generation: generation)))
            }
            return (stored, changed)
        }
        for entry in changed { cache.store(entry) }
        for agent in try await network.repository.read({ try await $0.agents() }) {
            cache.heartbeat(agent.host, at: agent.heartbeatAt)
        }
        return stored.compactMap { host, _ in
            guard let cached = cache.entry(host.name) else { return nil }
            // The stored row (enabled, RAM, report time) with the inventory of its generation.
            let entry = InventoryCache.Entry(host: host, inventory: cached.inventory)
            cache.store(entry)
            return entry
        }
    }

    /// The host from the cache, or from the database when another server registered it.
    func knownHost(_ name: String) async throws -> InventoryCache.Entry? {
        if let entry = cache.entry(name) { return entry }
        return try await refreshedHosts().first { $0.host.name == name }
    }

    /// Whether the host's agent was heard from within `host_down_time` (by any server).
    func agentAlive(on host: String?) async throws -> Bool {
        guard let host, let entry = try await knownHost(host) else { return false }
        return clock.now() - cache.lastSeen(entry.host) <= config.hostDownTime
    }
}
