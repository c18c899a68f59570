/// The PCI devices of one compute host, as a pure state machine: pools, claims, PF/VF
/// dependency, health and hypervisor re-sync.
///
/// Every mutating operation returns an `InventoryChange` (the records to insert, update or
/// delete) and bumps `generation` when anything changed, so the store can persist the change
/// with a compare-and-swap on the generation. Records are indexed by address, VFs by their PF,
/// holders by server, and free devices by pool, so claims and releases cost O(1) per device and
/// a re-sync costs O(reported devices).
///
/// Invariants: a device is in its pool's free list iff its state is `available`; a free device
/// (no server) is `unavailable` iff it has a health fault, its PF has one, its PF is in use, or
/// (for a PF) one of its VFs is in use.
public struct HostInventory: Sendable {
    /// The host's name, as the compute service reports it.
    public let host: String
    /// Bumped by every operation that changed at least one record.
    public internal(set) var generation: Int
    /// Every record, by address.
    var recordsByAddress = DeviceRecordTable()
    /// The addresses of the VFs reported under each PF address (the PF itself may be absent).
    var virtualFunctionsByPF: [PCIAddress: Set<PCIAddress>] = [:]
    /// How many VFs under each PF address a server holds.
    var inUseVFCountByPF: [PCIAddress: Int] = [:]
    /// The pools, by key.
    var poolsByKey: [PoolKey: DevicePool] = [:]
    /// The addresses each server holds.
    var devicesByServer: [String: Set<PCIAddress>] = [:]

    /// Creates an empty inventory.
    public init(host: String, generation: Int = 0) {
        self.host = host
        self.generation = generation
    }

    /// Rebuilds an inventory from persisted records, trusting their states; a later record with
    /// the same address replaces an earlier one.
    public init(host: String, restoring records: [DeviceRecord], generation: Int) {
        self.init(host: host, generation: generation)
        for record in records {
            detach(record.address)
            attach(record)
        }
    }

    /// How many devices the inventory holds.
    public var deviceCount: Int { recordsByAddress.count }

    /// Every record, sorted by address.
    public var allRecords: [DeviceRecord] { recordsByAddress.values.sorted { $0.address < $1.address } }

    /// The record at an address, if any.
    public func record(at address: PCIAddress) -> DeviceRecord? { recordsByAddress[address] }

    /// The records a server holds, sorted by address.
    public func records(of serverId: String) -> [DeviceRecord] {
        (devicesByServer[serverId] ?? []).sorted().compactMap { recordsByAddress[$0] }
    }

    /// The addresses of the VFs reported under a PF, sorted.
    public func virtualFunctions(of pfAddress: PCIAddress) -> [PCIAddress] {
        (virtualFunctionsByPF[pfAddress] ?? []).sorted()
    }

    /// All pools, sorted by `PoolKey` order.
    public var pools: [DevicePool] { poolsByKey.values.sorted { $0.key < $1.key } }

    /// The pool with a given key, if any device belongs to it.
    public func pool(_ key: PoolKey) -> DevicePool? { poolsByKey[key] }

    /// How many devices are available in the pools whose key satisfies the predicate; O(pools).
    public func freeCount(matching predicate: (PoolKey) -> Bool) -> Int {
        poolsByKey.values.reduce(0) { total, pool in predicate(pool.key) ? total + pool.freeCount : total }
    }

    /// Moves the generation forward to at least `generation` without changing any record: a claim
    /// that takes only RAM and VCPUs still fences every concurrent claim on the host.
    public mutating func advanceGeneration(to generation: Int) {
        self.generation = max(self.generation, generation)
    }

    /// Records the final state of a tracked operation and bumps the generation if it changed anything.
    mutating func commit(_ tracker: ChangeTracker) -> InventoryChange {
        let change = tracker.change(baseGeneration: generation) { recordsByAddress[$0] }
        generation = change.generation
        return change
    }
}
