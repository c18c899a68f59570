@testable import PatchbayCore
import Testing

/// Claims, allocation and release with the PF/VF dependency.
@Suite struct HostInventoryClaimTests {
    typealias F = InventoryFixture

    @Test(arguments: [1, 2, 4])
    func vfClaimMakesItsPFUnavailable(count: Int) throws {
        var inventory = try F.inventory(pfs: 2, vfs: 4)
        let change = try inventory.claim(pool: F.vfPool(0), count: count, server: "s1", port: "p1")
        let claimed = inventory.records(of: "s1")
        #expect(claimed.count == count)
        #expect(claimed.allSatisfy { $0.state == .claimed && $0.portId == "p1" && $0.device.parentAddress == F.pfAddress(0) })
        let pf = try #require(inventory.record(at: F.pfAddress(0)))
        #expect(pf.state == .unavailable && pf.reason == HostInventory.vfInUseReason)
        #expect(inventory.pool(F.pfPool(0))?.freeCount == 0)
        #expect(F.state(inventory, F.pfAddress(1)) == .available)
        // Minimal change: the claimed VFs and the PF, nothing else.
        #expect(Set(change.updated.map(\.address)) == Set(claimed.map(\.address) + [F.pfAddress(0)]))
        #expect(change.inserted.isEmpty && change.deleted.isEmpty)
        #expect(change.baseGeneration + 1 == change.generation && inventory.generation == change.generation)
    }

    @Test func pfClaimMakesAllItsVFsUnavailable() throws {
        var inventory = try F.inventory(pfs: 2, vfs: 4)
        let change = try inventory.claim(pool: F.pfPool(1), server: "s1", port: "p1")
        #expect(F.state(inventory, F.pfAddress(1)) == .claimed)
        let vfs = (0..<4).compactMap { inventory.record(at: F.vfAddress($0, of: 1)) }
        #expect(vfs.count == 4 && vfs.allSatisfy { $0.state == .unavailable && $0.reason == HostInventory.pfInUseReason })
        #expect(inventory.pool(F.vfPool(1))?.freeCount == 0 && inventory.pool(F.vfPool(0))?.freeCount == 4)
        #expect(change.updated.count == 5)
    }

    @Test func pfClaimWithAVFInUse_Fails() throws {
        var inventory = try F.inventory(pfs: 1, vfs: 4)
        _ = try inventory.claim(pool: F.vfPool(0), server: "s1")
        let before = inventory.allRecords
        #expect(F.failureCode { _ = try inventory.claim(pool: F.pfPool(0), server: "s2") } == "pci.pf_vf_conflict")
        #expect(F.failureCode { _ = try inventory.claim(address: F.pfAddress(0), server: "s2") } == "pci.pf_vf_conflict")
        #expect(inventory.allRecords == before && inventory.generation == 2)
    }

    @Test func vfClaimUnderAClaimedPF_Fails() throws {
        var inventory = try F.inventory(pfs: 1, vfs: 4)
        _ = try inventory.claim(address: F.pfAddress(0), server: "s1")
        #expect(F.failureCode { _ = try inventory.claim(pool: F.vfPool(0), server: "s2") } == "pci.pf_vf_conflict")
        #expect(F.failureCode { _ = try inventory.claim(address: F.vfAddress(2, of: 0), server: "s2") } == "pci.pf_vf_conflict")
        #expect(inventory.records(of: "s2").isEmpty)
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let claim: @Sendable (inout HostInventory) throws -> Void
        let code: String
    }

    static let refusals: [Refusal] = [
        .init(testDescription: "more than the pool holds", claim: { inventory in _ = try inventory.claim(pool: F.vfPool(0), count: 5, server: "s") },
              code: "pci.pool_exhausted"),
        .init(testDescription: "unknown pool", claim: { inventory in _ = try inventory.claim(pool: F.vfPool(7), server: "s") },
              code: "pci.pool_exhausted"),
        .init(testDescription: "zero devices", claim: { inventory in _ = try inventory.claim(pool: F.vfPool(0), count: 0, server: "s") },
              code: "request.invalid_input"),
        .init(testDescription: "no server", claim: { inventory in _ = try inventory.claim(pool: F.vfPool(0), server: "") },
              code: "request.invalid_input"),
        .init(testDescription: "unknown address", claim: { inventory in _ = try inventory.claim(address: F.pfAddress(9), server: "s") },
              code: "pcidevice.not_found"),
        .init(testDescription: "device already claimed", claim: { inventory in _ = try inventory.claim(address: F.vfAddress(0, of: 0), server: "s") },
              code: "pci.device_unavailable"),
        .init(testDescription: "unhealthy device", claim: { inventory in _ = try inventory.claim(address: F.vfAddress(3, of: 0), server: "s") },
              code: "pci.device_unavailable"),
    ]

    @Test(arguments: refusals)
    func refusedClaimChangesNothing_Fails(_ row: Refusal) throws {
        var inventory = try F.inventory(pfs: 1, vfs: 4)
        _ = try inventory.claim(address: F.vfAddress(0, of: 0), server: "holder")
        _ = try inventory.markUnhealthy(address: F.vfAddress(3, of: 0), reason: "VF reset failed")
        let (before, generation) = (inventory.allRecords, inventory.generation)
        #expect(F.failureCode { try row.claim(&inventory) } == row.code)
        #expect(inventory.allRecords == before && inventory.generation == generation)
    }

    @Test func exhaustedPoolReportsCounts_Fails() throws {
        var inventory = try F.inventory(pfs: 1, vfs: 2)
        #expect(throws: PatchbayError.pciPoolExhausted(F.vfPool(0), requested: 3, free: 2)) {
            _ = try inventory.claim(pool: F.vfPool(0), count: 3, server: "s")
        }
    }

    @Test func allocateMovesClaimedToAllocatedOnce() throws {
        var inventory = try F.inventory(pfs: 1, vfs: 4)
        _ = try inventory.claim(pool: F.vfPool(0), count: 2, server: "s1")
        _ = try inventory.claim(pool: F.vfPool(0), server: "s2")
        let change = inventory.allocate(server: "s1")
        #expect(change.updated.count == 2 && change.updated.allSatisfy { $0.state == .allocated && $0.serverId == "s1" })
        #expect(inventory.records(of: "s2").map(\.state) == [.claimed])
        let again = inventory.allocate(server: "s1")
        #expect(again.isEmpty && again.generation == again.baseGeneration)
        #expect(inventory.allocate(server: "nobody").isEmpty)
    }

    /// Two servers hold VFs 0 and 1 of PF 0; releases in the given order leave the PF in the given states.
    @Test(arguments: [(["s1"], PCIDeviceState.unavailable), (["s2"], .unavailable), (["s1", "s2"], .available)])
    func releasingTheLastVFFreesThePF(released: [String], pfState: PCIDeviceState) throws {
        var inventory = try F.inventory(pfs: 1, vfs: 4)
        _ = try inventory.claim(address: F.vfAddress(0, of: 0), server: "s1")
        _ = try inventory.claim(address: F.vfAddress(1, of: 0), server: "s2")
        _ = inventory.allocate(server: "s1")
        for server in released { _ = inventory.release(server: server) }
        #expect(F.state(inventory, F.pfAddress(0)) == pfState)
        #expect(inventory.pool(F.vfPool(0))?.freeCount == 2 + released.count)
        #expect(released.allSatisfy { inventory.records(of: $0).isEmpty })
    }

    @Test func releasingAPFFreesAllItsVFs() throws {
        var inventory = try F.inventory(pfs: 1, vfs: 4)
        _ = try inventory.claim(pool: F.pfPool(0), server: "s1")
        let change = inventory.release(server: "s1")
        #expect(change.updated.count == 5 && change.updated.allSatisfy { $0.state == .available && $0.reason == nil })
        #expect(inventory.pool(F.vfPool(0))?.freeCount == 4 && inventory.pool(F.pfPool(0))?.freeCount == 1)
    }

    @Test func releasingOnePortKeepsTheOthers() throws {
        var inventory = try F.inventory(pfs: 1, vfs: 4)
        _ = try inventory.claim(pool: F.vfPool(0), server: "s1", port: "p1")
        _ = try inventory.claim(pool: F.vfPool(0), server: "s1", port: "p2")
        let change = inventory.release(server: "s1", port: "p1")
        #expect(change.updated.map(\.state) == [.available])
        #expect(inventory.records(of: "s1").map(\.portId) == ["p2"])
        #expect(F.state(inventory, F.pfAddress(0)) == .unavailable)
        #expect(inventory.release(server: "s1", port: "p1").isEmpty)
    }

    @Test func releasingNothingIsEmpty() throws {
        var inventory = try F.inventory(pfs: 1, vfs: 2)
        let change = inventory.release(server: "ghost")
        #expect(change.isEmpty && inventory.generation == change.baseGeneration)
    }

    @Test func pfClaimOnALargeHostEvicts248VFs() throws {
        var inventory = try F.inventory(pfs: 40, vfs: 248)
        #expect(inventory.deviceCount == 9_960)
        let freeBefore = inventory.freeCount { _ in true }
        let change = try inventory.claim(pool: F.pfPool(17), server: "big", port: "pf-port")
        #expect(change.updated.count == 249)
        #expect(change.updated.filter { $0.state == .unavailable }.count == 248)
        #expect(inventory.virtualFunctions(of: F.pfAddress(17)).allSatisfy { F.state(inventory, $0) == .unavailable })
        #expect(inventory.freeCount { _ in true } == freeBefore - 249)
        _ = inventory.release(server: "big")
        #expect(inventory.freeCount { _ in true } == freeBefore)
    }
}
