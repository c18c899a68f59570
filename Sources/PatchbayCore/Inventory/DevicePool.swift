/// A counted pool of interchangeable devices: how many exist and which of them are available.
///
/// The free list is an array plus an index of positions, so adding, taking and removing a
/// particular device are all O(1). Devices are taken from the end of the free list.
public struct DevicePool: Sendable, Hashable, Identifiable {
    /// What the pool's devices have in common.
    public let key: PoolKey
    /// How many devices of the host belong to the pool, in any state.
    public private(set) var deviceCount: Int
    /// The available devices, in the order they will be taken last-first.
    public private(set) var freeAddresses: [PCIAddress]
    private var positions: [PCIAddress: Int]

    /// Creates an empty pool.
    public init(key: PoolKey) {
        self.key = key
        self.deviceCount = 0
        self.freeAddresses = []
        self.positions = [:]
    }

    /// The key as the identity.
    public var id: PoolKey { key }

    /// How many devices are available to claim.
    public var freeCount: Int { freeAddresses.count }

    /// True when the device is in the free list.
    public func isFree(_ address: PCIAddress) -> Bool { positions[address] != nil }

    /// Counts one more member device (in any state).
    mutating func addMember() { deviceCount += 1 }

    /// Stops counting one member device; its free-list entry must already be gone.
    mutating func removeMember() {
        precondition(deviceCount > 0, "pool \(key) has no member to remove")
        deviceCount -= 1
    }

    /// Puts a device in the free list; false when it was already there.
    @discardableResult
    mutating func insertFree(_ address: PCIAddress) -> Bool {
        guard positions[address] == nil else { return false }
        positions[address] = freeAddresses.count
        freeAddresses.append(address)
        return true
    }

    /// Takes a device out of the free list; false when it was not there.
    @discardableResult
    mutating func removeFree(_ address: PCIAddress) -> Bool {
        guard let index = positions.removeValue(forKey: address) else { return false }
        let last = freeAddresses.removeLast()
        if index < freeAddresses.count {
            freeAddresses[index] = last
            positions[last] = index
        }
        return true
    }

    /// The devices the next claim of `count` would take, last-first; nil when too few are free.
    func nextFree(_ count: Int) -> [PCIAddress]? {
        guard count > 0, count <= freeAddresses.count else { return nil }
        return Array(freeAddresses.suffix(count).reversed())
    }

    /// Equal when they have the same key, member count and free devices (in any order).
    public static func == (lhs: DevicePool, rhs: DevicePool) -> Bool {
        lhs.key == rhs.key && lhs.deviceCount == rhs.deviceCount && lhs.positions.keys == rhs.positions.keys
    }

    /// Hashes the key and the counts.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(key)
        hasher.combine(deviceCount)
        hasher.combine(freeAddresses.count)
    }
}
