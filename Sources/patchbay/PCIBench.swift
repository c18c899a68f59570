import PatchbayCore

/// The PCI figures of issue 4, measured on the pure core in process (no HTTP, no database):
/// scheduling plus claim across a fleet, re-sync of a big unchanged host, VF and PF claims.
enum PCIBench {
    /// A host of `pfs` PFs with `vfsPerPF` VFs each, as the device_spec would tag them.
    static func hostDevices(pfs: Int, vfsPerPF: Int, physnet: String = "physnet1") -> [InventoryDevice] {
        var devices: [InventoryDevice] = []
        for pf in 0..<pfs {
            let bus = 0x10 + pf
            let pfAddress = PCIAddress(domain: 0, bus: bus, slot: 0, function: 0)!
            devices.append(InventoryDevice(device: PCIDevice(address: pfAddress, vendorId: "8086", productId: "1572", type: .pf,
                                                             numaNode: pf % 2, netdev: "ens\(pf)f0"),
                                           physicalNetwork: physnet))
            for vf in 0..<vfsPerPF {
                // VFs sit on their own bus, as SR-IOV NICs place them: up to 256 per PF.
                let address = PCIAddress(domain: 0, bus: bus + 0x80, slot: vf / 8, function: vf % 8)!
                devices.append(InventoryDevice(device: PCIDevice(address: address, vendorId: "8086", productId: "154c", type: .vf,
                                                                 parentAddress: pfAddress, numaNode: pf % 2, vfNumber: vf),
                                               physicalNetwork: physnet))
            }
        }
        return devices
    }

    static func candidate(_ name: String, _ inventory: HostInventory) -> HostCandidate {
        HostCandidate(name: name, totalRAMMB: 262_144, totalVCPUs: 128, pools: inventory.pools.map { pool in
            PoolSummary(vendorId: pool.key.vendorId, productId: pool.key.productId, deviceType: pool.key.deviceType,
                        numaNode: pool.key.numaNode, physicalNetwork: pool.key.physicalNetwork, trusted: pool.key.trusted,
                        tags: pool.key.tags, address: pool.key.poolAddress, free: pool.freeCount)
        })
    }

    /// Select "1 VF on physnet1" among `hosts` hosts of 2 PFs × 32 VFs, then claim on the winner.
    static func placeAndClaim(hosts count: Int, rounds: Int) throws -> Double {
        let template = try inventory(name: "template", pfs: 2, vfsPerPF: 32)
        var inventories = (0..<count).map { index -> HostInventory in
            let copy = HostInventory(host: "host\(index)", restoring: template.allRecords, generation: 1)
            _ = copy.generation
            return copy
        }
        var candidates = inventories.enumerated().map { candidate("host\($0.offset)", $0.element) }
        let request = SchedulingRequest(ramMB: 2048, vcpus: 2, pciRequests: [
            PCIRequest(count: 1, specs: [PCIRequest.Spec(deviceType: .vf, physicalNetwork: .named("physnet1"))], source: .port("p")),
        ])
        let scheduler = Scheduler(weigher: .pack)
        var samples: [Double] = []
        for round in 0..<rounds {
            let began = ContinuousClock.now
            guard case .success(let placements) = scheduler.select(request, from: candidates), let best = placements.first,
                  let hostIndex = Int(best.host.dropFirst(4)), let take = best.pciTakes.first
            else { throw BenchFailure.noPlacement }
            let key = inventories[hostIndex].pools[take.poolIndex].key
            _ = try inventories[hostIndex].claim(pool: key, count: 1, server: "s\(round)", port: "p\(round)")
            candidates[hostIndex] = candidate(best.host, inventories[hostIndex])
            samples.append(began.duration(to: .now).microseconds)
        }
        return median(samples)
    }

    static func inventory(name: String, pfs: Int, vfsPerPF: Int) throws -> HostInventory {
        var inventory = HostInventory(host: name)
        _ = try inventory.sync(reported: hostDevices(pfs: pfs, vfsPerPF: vfsPerPF))
        return inventory
    }

    /// Re-sync of an unchanged host with `pfs × (vfsPerPF + 1)` devices.
    static func unchangedResync(pfs: Int, vfsPerPF: Int, rounds: Int) throws -> (Double, Int) {
        var inventory = try inventory(name: "big", pfs: pfs, vfsPerPF: vfsPerPF)
        let reported = hostDevices(pfs: pfs, vfsPerPF: vfsPerPF)
        var samples: [Double] = []
        for _ in 0..<rounds {
            let began = ContinuousClock.now
            let change = try inventory.sync(reported: reported)
            samples.append(began.duration(to: .now).microseconds)
            guard change.isEmpty else { throw BenchFailure.unexpectedChange }
        }
        return (median(samples), reported.count)
    }

    /// A VF claim and its release; a PF claim that blocks its VFs, and its release.
    static func claims(rounds: Int) throws -> (vf: Double, pf: Double, blocked: Int) {
        var inventory = try inventory(name: "claims", pfs: 40, vfsPerPF: 248)
        let vfPool = inventory.pools.first { $0.key.deviceType == .vf }!.key
        var vfSamples: [Double] = []
        for round in 0..<rounds {
            let began = ContinuousClock.now
            _ = try inventory.claim(pool: vfPool, count: 1, server: "vf\(round)", port: nil)
            _ = inventory.release(server: "vf\(round)")
            vfSamples.append(began.duration(to: .now).microseconds)
        }
        let pfPool = inventory.pools.first { $0.key.deviceType == .pf }!.key
        var pfSamples: [Double] = []
        var blocked = 0
        for round in 0..<rounds {
            let began = ContinuousClock.now
            let change = try inventory.claim(pool: pfPool, count: 1, server: "pf\(round)", port: nil)
            pfSamples.append(began.duration(to: .now).microseconds)
            blocked = change.written.filter { $0.state == .unavailable }.count
            _ = inventory.release(server: "pf\(round)")
        }
        return (median(vfSamples), median(pfSamples), blocked)
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    enum BenchFailure: Error { case noPlacement, unexpectedChange }

    /// Prints the figures.
    static func run() throws {
        print(String(format: "PCI place + claim (1 VF on physnet1) among 1,000 hosts x 64 VFs: %.3f ms (median)",
                     try placeAndClaim(hosts: 1_000, rounds: 200) / 1000))
        print(String(format: "PCI place + claim (1 VF on physnet1) among 10,000 hosts x 64 VFs: %.3f ms (median)",
                     try placeAndClaim(hosts: 10_000, rounds: 50) / 1000))
        let (resync, devices) = try unchangedResync(pfs: 40, vfsPerPF: 249, rounds: 20)
        print(String(format: "re-sync of an unchanged host with %d devices: %.2f ms (median)", devices, resync / 1000))
        let claims = try claims(rounds: 200)
        print(String(format: "VF claim + release: %.4f ms; PF claim making %d VFs unavailable: %.3f ms (medians)",
                     claims.vf / 1000, claims.blocked, claims.pf / 1000))
    }
}

extension Duration {
    /// The duration in microseconds.
    var microseconds: Double { Double(components.seconds) * 1_000_000 + Double(components.attoseconds) / 1e12 }
}
