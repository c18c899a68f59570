import PatchbayCore
import PatchbayStore
import Synchronization

/// When this server last read the stored heartbeats.
final class HostSync: Sendable {
    private let heartbeatsReadAt = Mutex<Int64?>(nil)
    /// How often stored heartbeats are read again (liveness is judged over `host_down_time`).
    static let heartbeatPeriod: Int64 = 5

    /// True when heartbeats are due to be read at `now` (and marks them read).
    func heartbeatsDue(now: Int64) -> Bool {
        heartbeatsReadAt.withLock { last in
            if let read = last, now - read < Self.heartbeatPeriod, now >= read { return false }
            last = now
            return true
        }
    }
}

extension ComputeService {
    /// Every host as the database has it, through the cache. One aggregate read tells whether
    /// a host was added, removed or changed since the last look; only then are the generations
    /// read, and each host whose generation differs from the cache's is loaded again (after a
    /// claim of this server's own, none is).
    /// Heartbeats any server stored are read every few seconds for liveness. Several servers on
    /// one database so schedule from the same truth.
    func refreshedHosts() async throws -> [InventoryCache.Entry] {
        try await refreshHosts()
        return cache.all
    }

    /// Brings the cache in step with the store (see ``refreshedHosts()``).
    func refreshHosts() async throws {
        let changed = try await repository.read { session -> (names: Set<String>, reloaded: [InventoryCache.Entry])? in
            guard try await session.hostsFingerprint() != cache.fingerprint else { return nil }
            let generations = try await session.hostGenerations()
            var reloaded: [InventoryCache.Entry] = []
            for (name, generation) in generations where cache.entry(name)?.inventory.generation != generation {
                guard let (host, current) = try await session.host(name) else { continue }
                let records = try await session.devices(host: name)
                reloaded.append(.init(host: host, inventory: HostInventory(host: name, restoring: records, generation: current)))
            }
            return (Set(generations.keys), reloaded)
        }
        if let changed { cache.merge(changed.reloaded, keeping: changed.names) }
        if hostSync.heartbeatsDue(now: clock.now()) {
            for (host, at) in try await network.repository.read({ try await $0.agentHeartbeats() }) {
                cache.heartbeat(host, at: at)
            }
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
