import PatchbayCore
import PatchbayStore

/// What a host reports about itself (until the agent issue, an admin endpoint stands in).
struct InventoryReport: Sendable {
    var host: String
    var vcpus: Int
    var memoryMB: Int
    var numaCells: [NUMACell]
    var devices: [PCIDevice]
    /// Health faults by device address when the reporter checks health (the agent does): every
    /// device listed gets the fault, every other device's fault is cleared. Nil leaves faults alone.
    var faults: [PCIAddress: String]? = nil
}

/// The outcome of a report, for the reply and the logs.
struct InventoryReportResult: Sendable {
    var inserted: Int
    var updated: Int
    var deleted: Int
    var generation: Int
    var assignable: Int
}

extension ComputeService {
    /// Applies the device specs and exclusions to the reported devices and re-syncs the host:
    /// an unchanged host writes nothing; a changed one writes only what changed.
    func report(_ report: InventoryReport, caller: Caller) async throws -> InventoryReportResult {
        try requireHost(caller, report.host)
        let matched = config.deviceSpecs.matchAll(report.devices).map {
            InventoryDevice(device: $0.device, physicalNetwork: $0.physicalNetwork, trusted: $0.trusted, tags: $0.tags)
        }
        let now = clock.now()
        // A snapshot suffices: the report writes the host's row (compare-and-swap on its
        // generation), which every claim on the host writes too.
        let (entry, change) = try await repository.write(isolation: .snapshot) { session -> (InventoryCache.Entry, InventoryChange) in
            var entry = try await current(report.host, in: session)
                ?? InventoryCache.Entry(host: ComputeHost(name: report.host, vcpus: 0, memoryMB: 0, reportedAt: now),
                                        inventory: HostInventory(host: report.host))
            entry.host.vcpus = report.vcpus
            entry.host.memoryMB = report.memoryMB
            entry.host.numaCells = report.numaCells
            entry.host.reportedAt = now
            var change = try entry.inventory.sync(reported: matched)
            // The host row is written even when no device changed: the report is the heartbeat.
            var write = change
            if change.isEmpty { write.generation = change.baseGeneration }
            guard try await session.apply(write, host: entry.host) else { throw Self.raceLost }
            if let faults = report.faults {
                for health in try Self.healthChanges(&entry.inventory, faults: faults) where !health.isEmpty {
                    guard try await session.apply(health, host: entry.host) else { throw Self.raceLost }
                    change.updated += health.updated
                }
            }
            return (entry, change)
        }
        cache.store(entry)
        return InventoryReportResult(inserted: change.inserted.count, updated: change.updated.count, deleted: change.deleted.count,
                                     generation: entry.inventory.generation, assignable: matched.count)
    }

    /// Sets and clears faults so the inventory's faults equal `faults` (unknown addresses ignored).
    private static func healthChanges(_ inventory: inout HostInventory, faults: [PCIAddress: String]) throws -> [InventoryChange] {
        var changes: [InventoryChange] = []
        for address in inventory.unhealthyAddresses where faults[address] == nil {
            changes.append(try inventory.markHealthy(address: address))
        }
        for (address, reason) in faults.sorted(by: { $0.key < $1.key }) {
            guard let record = inventory.record(at: address), record.healthFault != reason else { continue }
            changes.append(try inventory.markUnhealthy(address: address, reason: reason))
        }
        return changes
    }

    /// Every host the scheduler knows, with liveness.
    func hosts(caller: Caller) async throws -> [(ComputeHost, HostInventory, Bool)] {
        try requireAdmin(caller, "os_compute_api:os-hypervisors")
        let now = clock.now()
        return try await refreshedHosts().map { ($0.host, $0.inventory, now - cache.lastSeen($0.host) <= config.hostDownTime) }
    }

    /// One host, or 404.
    func host(_ name: String, caller: Caller) async throws -> (ComputeHost, HostInventory, Bool) {
        guard let found = try await hosts(caller: caller).first(where: { $0.0.name == name }) else { throw Self.hostNotFound(name) }
        return found
    }

    static func hostNotFound(_ name: String) -> PatchbayError {
        PatchbayError(code: "compute.host_not_found", type: "ComputeHostNotFound", category: .notFound,
                      message: "Compute host \(name) could not be found.")
    }

    static let raceLost = PatchbayError(code: "compute.generation_conflict", type: "ResourceProviderConcurrentUpdateDetected",
                                        category: .conflict, message: "Another request changed this host's inventory; retry.")
}
