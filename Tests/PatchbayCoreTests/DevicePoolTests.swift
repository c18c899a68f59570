@testable import PatchbayCore
import Testing

/// `DevicePool`'s free list and `PoolKey`'s identity and order.
@Suite struct DevicePoolTests {
    typealias F = InventoryFixture
    static let a = F.vfAddress(0, of: 0), b = F.vfAddress(1, of: 0), c = F.vfAddress(2, of: 0)

    static func pool(_ free: [PCIAddress]) -> DevicePool {
        var pool = DevicePool(key: F.vfPool(0))
        for address in free {
            pool.addMember()
            pool.insertFree(address)
        }
        return pool
    }

    @Test func removingFromTheMiddleKeepsTheOthersTakeable() throws {
        var pool = Self.pool([Self.a, Self.b, Self.c])
        let removedA = pool.removeFree(Self.a)
        #expect(removedA && !pool.isFree(Self.a))
        #expect(Set(try #require(pool.nextFree(2))) == [Self.b, Self.c])
        let removedRest = [pool.removeFree(Self.c), pool.removeFree(Self.b)]
        #expect(removedRest == [true, true])
        #expect(pool.freeCount == 0 && pool.deviceCount == 3)
    }

    @Test func doubleInsertOrRemove_Fails() {
        var pool = Self.pool([Self.a])
        let results = [pool.insertFree(Self.a), pool.removeFree(Self.a), pool.removeFree(Self.a)]
        #expect(results == [false, true, false])
        #expect(pool.freeCount == 0)
    }

    @Test(arguments: [(1, [c]), (2, [c, b]), (3, [c, b, a])] as [(Int, [PCIAddress])])
    func nextFreeTakesFromTheEnd(count: Int, taken: [PCIAddress]) {
        #expect(Self.pool([Self.a, Self.b, Self.c]).nextFree(count) == taken)
    }

    @Test(arguments: [0, -1, 4])
    func nextFreeBeyondTheFreeCount_Fails(count: Int) {
        #expect(Self.pool([Self.a, Self.b, Self.c]).nextFree(count) == nil)
    }

    struct KeyCase: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let lhs: InventoryDevice
        let rhs: InventoryDevice
        let samePool: Bool
    }

    static let keyCases: [KeyCase] = [
        .init(testDescription: "VFs of one PF", lhs: F.vf(0, of: 0), rhs: F.vf(7, of: 0), samePool: true),
        .init(testDescription: "VFs of two PFs", lhs: F.vf(0, of: 0), rhs: F.vf(0, of: 1), samePool: false),
        .init(testDescription: "PF and its VF", lhs: F.pf(0), rhs: F.vf(0, of: 0), samePool: false),
        .init(testDescription: "two PFs", lhs: F.pf(0), rhs: F.pf(1), samePool: false),
        .init(testDescription: "NUMA node", lhs: F.vf(0, of: 0), rhs: F.vf(1, of: 0, numa: 1), samePool: false),
        .init(testDescription: "physnet", lhs: F.vf(0, of: 0), rhs: F.vf(1, of: 0, physnet: "physnet2"), samePool: false),
        .init(testDescription: "no physnet", lhs: F.vf(0, of: 0), rhs: F.vf(1, of: 0, physnet: nil), samePool: false),
        .init(testDescription: "trusted", lhs: F.vf(0, of: 0), rhs: F.vf(1, of: 0, trusted: true), samePool: false),
        .init(testDescription: "extra tag", lhs: F.vf(0, of: 0), rhs: F.vf(1, of: 0, tags: ["tier": "gold"]), samePool: false),
        .init(testDescription: "same extra tag", lhs: F.vf(0, of: 0, tags: ["tier": "gold"]),
              rhs: F.vf(1, of: 0, tags: ["tier": "gold"]), samePool: true),
    ]

    @Test(arguments: keyCases)
    func poolKeyIdentity(_ row: KeyCase) {
        #expect((PoolKey(row.lhs) == PoolKey(row.rhs)) == row.samePool)
        #expect(PoolKey(row.lhs) < PoolKey(row.rhs) || PoolKey(row.rhs) < PoolKey(row.lhs) || row.samePool)
    }

    @Test func vfPoolIsAddressedByItsPF() {
        #expect(PoolKey(F.vf(5, of: 3)).poolAddress == F.pfAddress(3))
        #expect(PoolKey(F.pf(3)).poolAddress == F.pfAddress(3))
        #expect(PoolKey(F.gpu(0)).poolAddress == F.gpu(0).address)
    }

    @Test func inventoryPoolsAreCountedAndSorted() throws {
        var inventory = try F.inventory(pfs: 2, vfs: 4)
        _ = try inventory.sync(reported: F.devices(pfs: 2, vfs: 4) + [F.gpu(0)])
        let pools = inventory.pools
        #expect(pools.map(\.key) == [F.gpu(0), F.vf(0, of: 0), F.vf(0, of: 1), F.pf(0), F.pf(1)].map { PoolKey($0) })
        #expect(pools.map(\.deviceCount) == [1, 4, 4, 1, 1])
        #expect(pools.map(\.freeCount) == [1, 4, 4, 1, 1])
        #expect(inventory.freeCount { $0.deviceType == .vf && $0.physicalNetwork == "physnet1" } == 8)
        #expect(inventory.freeCount { $0.physicalNetwork == "physnet2" } == 0)
    }

    @Test func claimedDevicesLeaveTheFreeListButStayCounted() throws {
        var inventory = try F.inventory(pfs: 1, vfs: 4)
        _ = try inventory.claim(pool: F.vfPool(0), count: 3, server: "s1")
        let pool = try #require(inventory.pool(F.vfPool(0)))
        #expect(pool.deviceCount == 4 && pool.freeCount == 1)
        #expect(inventory.pool(F.pfPool(0))?.freeCount == 0)
        _ = inventory.release(server: "s1")
        #expect(inventory.pool(F.vfPool(0))?.freeCount == 4 && inventory.pool(F.pfPool(0))?.freeCount == 1)
    }
}
