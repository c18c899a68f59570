import Logging
import PatchbayCore
import PatchbayStore

/// Nova's semantics over the compute repository: PCI inventory, flavors, scheduling with
/// atomic claims, and the server boot flow. It never sees HTTP.
public struct ComputeService: Sendable {
    let repository: any ComputeRepository
    let network: NetworkService
    /// Where boots look their images up.
    let images: any BootImages
    let config: ComputeConfig
    let clock: any WallClock
    let cache = InventoryCache()
    /// The hosts this server's builds are claiming now (see ``ClaimsInFlight``).
    let claimsInFlight = ClaimsInFlight()
    /// What this server last read of hosts and heartbeats other servers may have changed.
    let hostSync = HostSync()
    let scheduler: Scheduler
    let logger: Logger
    /// The builds this process runs.
    let builds = BuildTracker()
    /// This process's identity on build leases (random per start).
    let instanceId = UUIDv4.make()
    /// The recovery sweep that runs while the server serves.
    let sweeper = Sweeper()

    /// Creates the service; call `load()` before serving.
    public init(repository: any ComputeRepository, network: NetworkService, images: any BootImages = NoBootImages(),
                config: ComputeConfig, clock: any WallClock, logger: Logger = Logger(label: "patchbay.compute")) {
        self.repository = repository
        self.network = network
        self.images = images
        self.config = config
        self.clock = clock
        self.logger = logger
        self.scheduler = Scheduler(weigher: config.weigher, maxCandidates: 5)
    }

    /// Loads every host's inventory from the store into the scheduler's view, and undoes builds
    /// and finishes deletes a previous run left unfinished (those whose lease has run out).
    public func load() async throws {
        let entries = try await repository.read { session in
            var entries: [InventoryCache.Entry] = []
            for (host, generation) in try await session.hosts() {
                let records = try await session.devices(host: host.name)
                entries.append(.init(host: host, inventory: HostInventory(host: host.name, restoring: records, generation: generation)))
            }
            return entries
        }
        cache.replace(with: entries)
        try await recover()
    }

    /// Throws 403 unless the caller is an admin (or the service user, for host reports).
    func requireAdmin(_ caller: Caller, _ action: String, allowService: Bool = false) throws {
        guard caller.isAdmin || (allowService && caller.isService) else {
            throw PatchbayError(code: "compute.forbidden", type: "Forbidden", category: .forbidden,
                                message: "Policy doesn't allow \(action) to be performed.")
        }
    }

    /// Throws 403 unless the caller may act for compute host `host`: admins for every host, a
    /// per-host agent credential for its own.
    func requireHost(_ caller: Caller, _ host: String) throws {
        guard caller.mayActFor(host: host) else {
            throw PatchbayError(code: "compute.forbidden", type: "Forbidden", category: .forbidden,
                                message: "Policy doesn't allow acting for host \(host).")
        }
    }

    /// The host as stored now, reloading its records when the cache is behind.
    func current(_ name: String, in session: any ComputeSession) async throws -> InventoryCache.Entry? {
        guard let (host, generation) = try await session.host(name) else { return nil }
        if let cached = cache.entry(name), cached.inventory.generation == generation {
            return InventoryCache.Entry(host: host, inventory: cached.inventory)
        }
        let records = try await session.devices(host: name)
        return InventoryCache.Entry(host: host, inventory: HostInventory(host: name, restoring: records, generation: generation))
    }
}
