/// What one inventory operation changed, for the store to persist.
///
/// The inventory's state machine returns this action instead of writing anything itself. It is
/// minimal: a record appears only if it differs from before the operation, in one list only.
/// The store applies it with a compare-and-swap from `baseGeneration` to `generation`.
public struct InventoryChange: Sendable, Hashable {
    /// Records that did not exist before, sorted by address.
    public var inserted: [DeviceRecord]
    /// Records whose content changed, sorted by address.
    public var updated: [DeviceRecord]
    /// Addresses of records that no longer exist, sorted.
    public var deleted: [PCIAddress]
    /// The inventory generation before the operation.
    public var baseGeneration: Int
    /// The generation after it; equal to `baseGeneration` when nothing changed.
    public var generation: Int

    /// Creates a change.
    public init(inserted: [DeviceRecord] = [], updated: [DeviceRecord] = [], deleted: [PCIAddress] = [],
                baseGeneration: Int, generation: Int) {
        self.inserted = inserted
        self.updated = updated
        self.deleted = deleted
        self.baseGeneration = baseGeneration
        self.generation = generation
    }

    /// True when the operation changed nothing.
    public var isEmpty: Bool { inserted.isEmpty && updated.isEmpty && deleted.isEmpty }

    /// Every inserted or updated record, sorted by address.
    public var written: [DeviceRecord] { (inserted + updated).sorted { $0.address < $1.address } }

    /// The inserted or updated records now held by a server, sorted by address.
    public func records(ownedBy serverId: String) -> [DeviceRecord] {
        written.filter { $0.serverId == serverId }
    }
}

/// Remembers each record's content before an operation touched it, to emit a minimal change.
struct ChangeTracker {
    private var originals: [PCIAddress: DeviceRecord?] = [:]

    /// Makes room for `count` remembered records.
    mutating func reserve(_ count: Int) { originals.reserveCapacity(count) }

    /// Notes the record at `address` as it is before its first modification in this operation.
    mutating func remember(_ address: PCIAddress, _ current: @autoclosure () -> DeviceRecord?) {
        if originals.index(forKey: address) == nil { originals[address] = .some(current()) }
    }

    /// Compares every remembered record with its final content.
    func change(baseGeneration: Int, finalRecord: (PCIAddress) -> DeviceRecord?) -> InventoryChange {
        var change = InventoryChange(baseGeneration: baseGeneration, generation: baseGeneration)
        for address in originals.keys.sorted() {
            let final = finalRecord(address)
            switch (originals[address] ?? nil, final) {
            case (nil, let now?): change.inserted.append(now)
            case (_?, nil): change.deleted.append(address)
            case (let before?, let now?) where before != now: change.updated.append(now)
            default: break
            }
        }
        if !change.isEmpty { change.generation = baseGeneration + 1 }
        return change
    }
}
