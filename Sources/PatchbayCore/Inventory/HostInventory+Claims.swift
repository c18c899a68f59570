/// Claim, allocate and release: the device lifecycle with the PF/VF dependency.
extension HostInventory {
    /// Claims `count` devices of a pool for a server (and port), all or none.
    ///
    /// Each device goes `available → claimed`. Claiming a VF makes its PF `unavailable`;
    /// claiming a PF makes all its VFs `unavailable`. Throws `pci.pool_exhausted` when the pool
    /// lacks free devices, or `pci.pf_vf_conflict` when it is empty because of the PF/VF rule.
    public mutating func claim(pool key: PoolKey, count: Int = 1, server: String,
                               port: String? = nil) throws(PatchbayError) -> InventoryChange {
        try validate(count: count, server: server)
        guard let pool = poolsByKey[key], let picked = pool.nextFree(count) else {
            let free = poolsByKey[key]?.freeCount ?? 0
            if free == 0, let conflict = pfVFConflict(blocking: key) { throw conflict }
            throw .pciPoolExhausted(key, requested: count, free: free)
        }
        for address in picked where inUseVFCountByPF[address] != nil { throw .pciVFsInUse(pf: address) }
        var tracker = ChangeTracker()
        tracker.reserve(touchEstimate(picked))
        for address in picked { take(address, server: server, port: port, &tracker) }
        return commit(tracker)
    }

    /// Claims the device at one address; `pci.device_unavailable` or `pci.pf_vf_conflict` when
    /// it is not `available`, `pcidevice.not_found` when there is no such device.
    public mutating func claim(address: PCIAddress, server: String,
                               port: String? = nil) throws(PatchbayError) -> InventoryChange {
        try validate(count: 1, server: server)
        guard let record = recordsByAddress[address] else { throw .pciDeviceNotFound(address) }
        guard record.isAvailable else {
            if !record.isInUse, let conflict = pfVFConflict(on: record) { throw conflict }
            throw .pciDeviceUnavailable(record)
        }
        var tracker = ChangeTracker()
        take(address, server: server, port: port, &tracker)
        return commit(tracker)
    }

    /// Moves a server's claimed devices to `allocated` (the server is running); idempotent.
    public mutating func allocate(server: String) -> InventoryChange {
        var tracker = ChangeTracker()
        for address in (devicesByServer[server] ?? []).sorted() {
            guard let record = recordsByAddress[address] else { continue }
            if record.state == .claimed {
                modify(address, &tracker) { $0.state = .allocated }
            } else if record.state == .removed, record.stateBeforeRemoval == .claimed {
                modify(address, &tracker) { $0.stateBeforeRemoval = .allocated }
            }
        }
        return commit(tracker)
    }

    /// Frees every device a server holds (or only those of one port when `port` is given).
    ///
    /// A freed device becomes `available`, or `unavailable` when a fault or the PF/VF rule
    /// blocks it; a freed PF releases its VFs, and a freed VF releases its PF once no sibling is
    /// in use. Pending properties from a re-sync are applied. A `removed` device is deleted.
    public mutating func release(server: String, port: String? = nil) -> InventoryChange {
        let held = (devicesByServer[server] ?? []).sorted()
        var tracker = ChangeTracker()
        tracker.reserve(touchEstimate(held))
        for address in held {
            guard let record = recordsByAddress[address], port == nil || record.portId == port else { continue }
            free(record, &tracker)
        }
        return commit(tracker)
    }

    private mutating func free(_ record: DeviceRecord, _ tracker: inout ChangeTracker) {
        guard record.state != .removed else {
            delete(record.address, &tracker)
            refreshRelatives(of: record.device, &tracker)
            return
        }
        var freed = DeviceRecord(device: record.pendingDevice ?? record.device, healthFault: record.healthFault)
        let derived = derivedFreeState(of: freed)
        freed.state = derived.state
        freed.reason = derived.reason
        store(freed, &tracker)
        refreshRelatives(of: freed.device, &tracker)
        if freed.device.parentAddress != record.device.parentAddress { refreshRelatives(of: record.device, &tracker) }
    }

    private mutating func take(_ address: PCIAddress, server: String, port: String?, _ tracker: inout ChangeTracker) {
        modify(address, &tracker) { record in
            record.state = .claimed
            record.serverId = server
            record.portId = port
            record.reason = nil
        }
        if let device = recordsByAddress[address]?.device { refreshRelatives(of: device, &tracker) }
    }

    /// How many records an operation on these devices may touch: each, its PF and its VFs.
    private func touchEstimate(_ addresses: [PCIAddress]) -> Int {
        addresses.reduce(0) { $0 + 2 + (virtualFunctionsByPF[$1]?.count ?? 0) }
    }

    private func validate(count: Int, server: String) throws(PatchbayError) {
        guard count > 0 else { throw .invalidInput("a PCI claim needs a count of at least 1, not \(count)") }
        guard !server.isEmpty else { throw .invalidInput("a PCI claim needs a server id") }
    }

    /// The PF/VF conflict that keeps a free device unavailable, if that is the cause.
    private func pfVFConflict(on record: DeviceRecord) -> PatchbayError? {
        if record.healthFault != nil { return nil }
        if let parent = record.device.parentAddress, let pf = recordsByAddress[parent], pf.isInUse,
           pf.healthFault == nil {
            return .pciPFInUse(pf: parent, vf: record.address)
        }
        return inUseVFCountByPF[record.address] != nil ? .pciVFsInUse(pf: record.address) : nil
    }

    /// The PF/VF conflict that empties a pool: its PF or PCI device has VFs in use, or the PF of
    /// its VFs is in use.
    private func pfVFConflict(blocking key: PoolKey) -> PatchbayError? {
        guard let owner = recordsByAddress[key.poolAddress] else { return nil }
        if key.deviceType == .vf {
            return owner.isInUse && owner.healthFault == nil ? .pciPFInUse(pf: key.poolAddress, vf: nil) : nil
        }
        return owner.isInUse ? nil : pfVFConflict(on: owner)
    }
}
