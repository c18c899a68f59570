/// The index maintenance and the derived free state that every operation builds on.
extension HostInventory {
    /// Adds a record that is not yet indexed to every index.
    mutating func attach(_ record: DeviceRecord) {
        let address = record.address
        recordsByAddress.set(record)
        if let parent = record.device.parentAddress {
            virtualFunctionsByPF[parent, default: []].insert(address)
            if record.isInUse { inUseVFCountByPF[parent, default: 0] += 1 }
        }
        let key = record.poolKey
        poolsByKey[key, default: DevicePool(key: key)].addMember()
        if record.isAvailable { poolsByKey[key]?.insertFree(address) }
        if let server = record.serverId { devicesByServer[server, default: []].insert(address) }
    }

    /// Removes a record from every index and returns it.
    @discardableResult
    mutating func detach(_ address: PCIAddress) -> DeviceRecord? {
        guard let record = recordsByAddress.remove(address) else { return nil }
        if let parent = record.device.parentAddress {
            virtualFunctionsByPF[parent]?.remove(address)
            if virtualFunctionsByPF[parent]?.isEmpty == true { virtualFunctionsByPF[parent] = nil }
            if record.isInUse { adjustInUseCount(of: parent, by: -1) }
        }
        let key = record.poolKey
        poolsByKey[key]?.removeFree(address)
        poolsByKey[key]?.removeMember()
        if poolsByKey[key]?.deviceCount == 0 { poolsByKey[key] = nil }
        if let server = record.serverId { removeFromServerIndex(address, server) }
        return record
    }

    /// Writes a record (new or replacing one) through the indexes, remembering the original.
    mutating func store(_ record: DeviceRecord, _ tracker: inout ChangeTracker) {
        let address = record.address
        guard let old = recordsByAddress[address] else {
            tracker.remember(address, nil)
            attach(record)
            return
        }
        tracker.remember(address, old)
        guard old.device == record.device else {
            detach(address)
            attach(record)
            return
        }
        // Same device, so the same pool: only the free list, holder and in-use counts move.
        recordsByAddress.set(record)
        if old.isAvailable != record.isAvailable {
            let key = record.poolKey
            if record.isAvailable { poolsByKey[key]?.insertFree(address) } else { poolsByKey[key]?.removeFree(address) }
        }
        guard old.serverId != record.serverId else { return }
        if let server = old.serverId { removeFromServerIndex(address, server) }
        if let server = record.serverId { devicesByServer[server, default: []].insert(address) }
        if let parent = record.device.parentAddress, old.isInUse != record.isInUse {
            adjustInUseCount(of: parent, by: record.isInUse ? 1 : -1)
        }
    }

    /// Changes the state, holder or fault of an existing record in place (never its device),
    /// keeping the free list, holder index and in-use counts in step; cheaper than `store`.
    mutating func modify(_ address: PCIAddress, _ tracker: inout ChangeTracker, _ body: (inout DeviceRecord) -> Void) {
        guard let index = recordsByAddress.slot(of: address) else { return }
        tracker.remember(address, self.recordsByAddress[slot: index])
        let (wasAvailable, oldServer) = (recordsByAddress[slot: index].isAvailable, recordsByAddress[slot: index].serverId)
        body(&recordsByAddress[slot: index])
        let isAvailable = recordsByAddress[slot: index].isAvailable
        let newServer = recordsByAddress[slot: index].serverId
        guard wasAvailable != isAvailable || oldServer != newServer else { return }
        let device = recordsByAddress[slot: index].device
        if wasAvailable != isAvailable {
            let key = PoolKey(device)
            if isAvailable { poolsByKey[key]?.insertFree(address) } else { poolsByKey[key]?.removeFree(address) }
        }
        guard oldServer != newServer else { return }
        if let server = oldServer { removeFromServerIndex(address, server) }
        if let server = newServer { devicesByServer[server, default: []].insert(address) }
        if let parent = device.parentAddress, (oldServer != nil) != (newServer != nil) {
            adjustInUseCount(of: parent, by: newServer != nil ? 1 : -1)
        }
    }

    /// Deletes a record, remembering the original.
    mutating func delete(_ address: PCIAddress, _ tracker: inout ChangeTracker) {
        tracker.remember(address, recordsByAddress[address])
        detach(address)
    }

    private mutating func adjustInUseCount(of parent: PCIAddress, by delta: Int) {
        let count = inUseVFCountByPF[parent, default: 0] + delta
        inUseVFCountByPF[parent] = count > 0 ? count : nil
    }

    private mutating func removeFromServerIndex(_ address: PCIAddress, _ server: String) {
        devicesByServer[server]?.remove(address)
        if devicesByServer[server]?.isEmpty == true { devicesByServer[server] = nil }
    }
}
