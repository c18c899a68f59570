@testable import PatchbayCore
import Testing

/// Hypervisor re-sync: minimal diffs, removed-while-in-use devices and pending properties.
@Suite struct HostInventorySyncTests {
    typealias F = InventoryFixture
    static let base = F.devices(pfs: 2, vfs: 4)

    @Test func firstSyncInsertsEveryDeviceAvailable() throws {
        var inventory = HostInventory(host: F.host)
        let change = try inventory.sync(reported: Self.base)
        #expect(change.inserted.map(\.address) == Self.base.map(\.address).sorted())
        #expect(change.inserted.allSatisfy { $0.state == .available && $0.serverId == nil && $0.reason == nil })
        #expect(change.updated.isEmpty && change.deleted.isEmpty && inventory.generation == 1)
    }

    @Test(arguments: [(2, 4), (40, 248)])
    func unchangedSyncIsEmpty(pfs: Int, vfs: Int) throws {
        var inventory = try F.inventory(pfs: pfs, vfs: vfs)
        _ = try inventory.claim(pool: F.vfPool(0), server: "s1")
        _ = try inventory.claim(pool: F.pfPool(1), server: "s2")
        let (before, generation) = (inventory.allRecords, inventory.generation)
        let change = try inventory.sync(reported: F.devices(pfs: pfs, vfs: vfs).reversed())
        #expect(change.isEmpty && change.generation == generation)
        #expect(inventory.generation == generation && inventory.allRecords == before)
    }

    struct Diff: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let reported: [InventoryDevice]
        let inserted: [PCIAddress]
        let updated: [PCIAddress]
        let deleted: [PCIAddress]
    }

    static let diffs: [Diff] = [
        .init(testDescription: "new VF", reported: base + [F.vf(4, of: 0)],
              inserted: [F.vfAddress(4, of: 0)], updated: [], deleted: []),
        .init(testDescription: "new GPU", reported: base + [F.gpu(0)], inserted: [F.gpu(0).address], updated: [], deleted: []),
        .init(testDescription: "vanished VF", reported: base.filter { $0.address != F.vfAddress(2, of: 1) },
              inserted: [], updated: [], deleted: [F.vfAddress(2, of: 1)]),
        .init(testDescription: "VF moved to another NUMA node",
              reported: base.map { $0.address == F.vfAddress(1, of: 0) ? F.vf(1, of: 0, numa: 1) : $0 },
              inserted: [], updated: [F.vfAddress(1, of: 0)], deleted: []),
        .init(testDescription: "VF netdev renamed",
              reported: base.map { var d = $0; if d.address == F.vfAddress(3, of: 1) { d.device.netdev = "vf3" }; return d },
              inserted: [], updated: [F.vfAddress(3, of: 1)], deleted: []),
        .init(testDescription: "one of each", reported: base.dropFirst().map { $0.address == F.vfAddress(0, of: 1) ? F.vf(0, of: 1, tags: ["tier": "gold"]) : $0 } + [F.gpu(1)],
              inserted: [F.gpu(1).address], updated: [F.vfAddress(0, of: 1)], deleted: [F.pfAddress(0)]),
    ]

    @Test(arguments: diffs)
    func changedHostYieldsAMinimalDiff(_ row: Diff) throws {
        var inventory = try F.inventory(pfs: 2, vfs: 4)
        let change = try inventory.sync(reported: row.reported)
        #expect(change.inserted.map(\.address) == row.inserted)
        #expect(change.updated.map(\.address) == row.updated)
        #expect(change.deleted == row.deleted)
        #expect(inventory.generation == 2)
        #expect(try inventory.sync(reported: row.reported).isEmpty)
        for device in row.reported { #expect(inventory.record(at: device.address)?.device == device) }
    }

    @Test func changedFreeDeviceMovesBetweenPools() throws {
        var inventory = try F.inventory(pfs: 1, vfs: 4)
        let moved = F.vf(2, of: 0, physnet: "physnet2")
        _ = try inventory.sync(reported: F.devices(pfs: 1, vfs: 4).map { $0.address == moved.address ? moved : $0 })
        #expect(inventory.pool(F.vfPool(0))?.deviceCount == 3 && inventory.pool(F.vfPool(0))?.freeCount == 3)
        #expect(inventory.pool(PoolKey(moved))?.freeAddresses == [moved.address])
    }

    @Test func newVFUnderAClaimedPFIsUnavailable() throws {
        var inventory = try F.inventory(pfs: 1, vfs: 2)
        _ = try inventory.claim(pool: F.pfPool(0), server: "s1")
        let change = try inventory.sync(reported: F.devices(pfs: 1, vfs: 3))
        #expect(change.inserted.map(\.state) == [.unavailable] && change.updated.isEmpty)
        #expect(inventory.pool(F.vfPool(0))?.freeCount == 0)
    }

    @Test func vanishedDeviceInUseIsKeptUntilReleased() throws {
        var inventory = try F.inventory(pfs: 1, vfs: 2)
        _ = try inventory.claim(address: F.vfAddress(1, of: 0), server: "s1", port: "p1")
        _ = inventory.allocate(server: "s1")
        let gone = F.devices(pfs: 1, vfs: 1)
        let change = try inventory.sync(reported: gone)
        let kept = try #require(inventory.record(at: F.vfAddress(1, of: 0)))
        #expect(change.updated == [kept] && change.deleted.isEmpty)
        #expect(kept.state == .removed && kept.reason == HostInventory.vanishedReason && kept.serverId == "s1")
        #expect(try inventory.sync(reported: gone).isEmpty)
        #expect(F.state(inventory, F.pfAddress(0)) == .unavailable)
        let release = inventory.release(server: "s1")
        #expect(release.deleted == [F.vfAddress(1, of: 0)] && inventory.record(at: F.vfAddress(1, of: 0)) == nil)
        #expect(release.updated.map(\.address) == [F.pfAddress(0)] && F.state(inventory, F.pfAddress(0)) == .available)
    }

    @Test(arguments: [false, true])
    func vanishedDeviceInUseThatComesBackIsRestored(allocated: Bool) throws {
        var inventory = try F.inventory(pfs: 1, vfs: 2)
        _ = try inventory.claim(address: F.vfAddress(0, of: 0), server: "s1")
        _ = try inventory.sync(reported: [F.pf(0), F.vf(1, of: 0)])
        if allocated { _ = inventory.allocate(server: "s1") }
        let change = try inventory.sync(reported: F.devices(pfs: 1, vfs: 2))
        let back = try #require(inventory.record(at: F.vfAddress(0, of: 0)))
        #expect(change.updated == [back])
        #expect(back.state == (allocated ? .allocated : .claimed) && back.reason == nil && back.stateBeforeRemoval == nil)
    }

    @Test func changedDeviceInUseWaitsUntilFreed() throws {
        var inventory = try F.inventory(pfs: 1, vfs: 2)
        _ = try inventory.claim(address: F.vfAddress(0, of: 0), server: "s1")
        let renumbered = F.vf(0, of: 0, numa: 1)
        let changed = [F.pf(0), renumbered, F.vf(1, of: 0)]
        let change = try inventory.sync(reported: changed)
        let held = try #require(inventory.record(at: renumbered.address))
        #expect(change.updated == [held] && held.pendingDevice == renumbered && held.device == F.vf(0, of: 0))
        #expect(try inventory.sync(reported: changed).isEmpty)
        _ = inventory.release(server: "s1")
        let freed = try #require(inventory.record(at: renumbered.address))
        #expect(freed.device == renumbered && freed.pendingDevice == nil && freed.state == .available)
        #expect(inventory.pool(PoolKey(renumbered))?.freeCount == 1)
    }

    @Test func changeRevertedWhileInUseDropsThePendingProperties() throws {
        var inventory = try F.inventory(pfs: 1, vfs: 2)
        _ = try inventory.claim(address: F.vfAddress(0, of: 0), server: "s1")
        _ = try inventory.sync(reported: [F.pf(0), F.vf(0, of: 0, numa: 1), F.vf(1, of: 0)])
        let change = try inventory.sync(reported: F.devices(pfs: 1, vfs: 2))
        #expect(change.updated.map(\.pendingDevice) == [nil])
    }

    @Test func duplicateAddressesInAReport_Fails() throws {
        var inventory = try F.inventory(pfs: 1, vfs: 2)
        let before = inventory.allRecords
        #expect(F.failureCode { _ = try inventory.sync(reported: [F.pf(0), F.pf(0, numa: 1)]) } == "request.invalid_input")
        #expect(inventory.allRecords == before && inventory.generation == 1)
    }

    @Test func restoringFromRecordsRebuildsThePools() throws {
        var inventory = try F.inventory(pfs: 2, vfs: 4)
        _ = try inventory.claim(pool: F.vfPool(1), count: 2, server: "s1")
        let restored = HostInventory(host: F.host, restoring: inventory.allRecords, generation: inventory.generation)
        #expect(restored.pools == inventory.pools && restored.records(of: "s1") == inventory.records(of: "s1"))
        #expect(restored.allRecords == inventory.allRecords)
    }
}
