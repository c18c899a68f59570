@testable import PatchbayCore
import Testing

/// Health faults: a PF whose carrier goes down takes itself and its free VFs out of the pools.
@Suite struct HostInventoryHealthTests {
    typealias F = InventoryFixture
    static let carrierDown = "PF carrier down"

    @Test func carrierDownBlocksThePFAndItsFreeVFs() throws {
        var inventory = try F.inventory(pfs: 2, vfs: 4)
        _ = try inventory.claim(address: F.vfAddress(0, of: 0), server: "s1")
        let change = try inventory.markUnhealthy(address: F.pfAddress(0), reason: Self.carrierDown)
        // PF (reason changes from "VF in use" to the fault) and VFs 1-3; the held VF 0 keeps running.
        #expect(change.updated.map(\.address) == [F.pfAddress(0)] + (1..<4).map { F.vfAddress($0, of: 0) })
        #expect(change.updated.allSatisfy { $0.state == .unavailable && $0.reason == Self.carrierDown })
        #expect(F.state(inventory, F.vfAddress(0, of: 0)) == .claimed)
        #expect(inventory.pool(F.vfPool(0))?.freeCount == 0 && inventory.pool(F.vfPool(1))?.freeCount == 4)
        #expect(inventory.unhealthyAddresses == [F.pfAddress(0)])
        #expect(F.failureCode { _ = try inventory.claim(pool: F.vfPool(0), server: "s2") } == "pci.pool_exhausted")
        // Released while the carrier is down: it stays out of the pool.
        _ = inventory.release(server: "s1")
        #expect(inventory.record(at: F.vfAddress(0, of: 0))?.reason == Self.carrierDown)
        #expect(F.state(inventory, F.pfAddress(0)) == .unavailable)
    }

    @Test(arguments: [false, true])
    func carrierUpRestoresEverything(vfHeld: Bool) throws {
        var inventory = try F.inventory(pfs: 1, vfs: 4)
        if vfHeld { _ = try inventory.claim(address: F.vfAddress(0, of: 0), server: "s1") }
        let pristine = inventory.allRecords
        _ = try inventory.markUnhealthy(address: F.pfAddress(0), reason: Self.carrierDown)
        let change = try inventory.markHealthy(address: F.pfAddress(0))
        #expect(inventory.allRecords == pristine && change.updated.count == 5 - (vfHeld ? 1 : 0))
        #expect(inventory.pool(F.vfPool(0))?.freeCount == (vfHeld ? 3 : 4))
        #expect(try inventory.markHealthy(address: F.pfAddress(0)).isEmpty)
    }

    @Test func unhealthyClaimedPFKeepsItsStateAndComesBackBlocked() throws {
        var inventory = try F.inventory(pfs: 1, vfs: 2)
        _ = try inventory.claim(pool: F.pfPool(0), server: "s1")
        let change = try inventory.markUnhealthy(address: F.pfAddress(0), reason: Self.carrierDown)
        #expect(change.updated.map(\.state) == [.claimed, .unavailable, .unavailable])
        _ = inventory.release(server: "s1")
        #expect(inventory.freeCount { _ in true } == 0)
        _ = try inventory.markHealthy(address: F.pfAddress(0))
        #expect(inventory.freeCount { _ in true } == 3)
    }

    /// A VF that is merely unhealthy (not held) does not stop its PF being claimed (Nova tolerates
    /// it too, bug 1969496); it keeps its own fault through the PF's claim and release.
    @Test func unhealthyFreeVFDoesNotBlockAPFClaim() throws {
        var inventory = try F.inventory(pfs: 1, vfs: 3)
        _ = try inventory.markUnhealthy(address: F.vfAddress(1, of: 0), reason: "VF reset failed")
        _ = try inventory.claim(pool: F.pfPool(0), server: "s1")
        #expect(inventory.record(at: F.vfAddress(1, of: 0))?.reason == "VF reset failed")
        #expect(inventory.record(at: F.vfAddress(2, of: 0))?.reason == HostInventory.pfInUseReason)
        _ = inventory.release(server: "s1")
        #expect(inventory.pool(F.vfPool(0))?.freeCount == 2 && F.state(inventory, F.vfAddress(1, of: 0)) == .unavailable)
    }

    @Test func faultOnAnUnknownDevice_Fails() throws {
        var inventory = try F.inventory(pfs: 1, vfs: 2)
        #expect(F.failureCode { _ = try inventory.markUnhealthy(address: F.pfAddress(5), reason: "x") } == "pcidevice.not_found")
        #expect(F.failureCode { _ = try inventory.markHealthy(address: F.pfAddress(5)) } == "pcidevice.not_found")
        #expect(F.failureCode { _ = try inventory.markUnhealthy(address: F.pfAddress(0), reason: "") } == "request.invalid_input")
        #expect(inventory.generation == 1 && inventory.unhealthyAddresses.isEmpty)
    }
}
