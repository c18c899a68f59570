/// The records of a host, stored densely in an array with an address index.
///
/// Unlike a dictionary's values, an array element can be read and changed in place field by
/// field, which keeps a PF claim that touches 248 VF records from copying each record around.
/// Removal swaps the last record into the hole, so every operation is O(1).
struct DeviceRecordTable: Sendable {
    /// The records, in no particular order.
    private(set) var values: [DeviceRecord] = []
    private var slotByAddress: [PCIAddress: Int] = [:]

    /// How many records there are.
    var count: Int { values.count }

    /// The position of the record at an address, valid until the next insertion or removal.
    func slot(of address: PCIAddress) -> Int? { slotByAddress[address] }

    /// The record in a slot, read and changed in place; its address must not change.
    subscript(slot slot: Int) -> DeviceRecord {
        _read { yield values[slot] }
        _modify { yield &values[slot] }
    }

    /// A copy of the record at an address.
    subscript(address: PCIAddress) -> DeviceRecord? {
        slotByAddress[address].map { values[$0] }
    }

    /// Adds or replaces the record at its address.
    mutating func set(_ record: DeviceRecord) {
        if let slot = slotByAddress[record.address] {
            values[slot] = record
        } else {
            slotByAddress[record.address] = values.count
            values.append(record)
        }
    }

    /// Removes and returns the record at an address.
    mutating func remove(_ address: PCIAddress) -> DeviceRecord? {
        guard let slot = slotByAddress.removeValue(forKey: address) else { return nil }
        let last = values.removeLast()
        guard slot < values.count else { return last }
        let removed = values[slot]
        values[slot] = last
        slotByAddress[last.address] = slot
        return removed
    }
}
