/// The derived state of free devices: `available` unless a fault or the PF/VF rule blocks them.
extension HostInventory {
    /// Why a free device is unavailable because of its PF: the PF is held by a server.
    public static let pfInUseReason = "its PF is in use"
    /// Why a free PF is unavailable: a server holds one of its VFs.
    public static let vfInUseReason = "a VF of this PF is in use"

    /// The state and reason a free device must have, derived from faults and the PF/VF relation.
    func derivedFreeState(of record: DeviceRecord) -> (state: PCIDeviceState, reason: String?) {
        derivedFreeState(of: record, parentBlock: record.device.parentAddress.flatMap(blockImposedByPF))
    }

    /// The same, with the block its PF imposes already known (nil when it imposes none).
    private func derivedFreeState(of record: DeviceRecord, parentBlock: String?) -> (state: PCIDeviceState, reason: String?) {
        if let fault = record.healthFault { return (.unavailable, fault) }
        if let parentBlock { return (.unavailable, parentBlock) }
        if inUseVFCountByPF[record.address] != nil { return (.unavailable, Self.vfInUseReason) }
        return (.available, nil)
    }

    /// Why the device at a PF address keeps its free VFs unavailable (its fault, or being in
    /// use); nil when it does not, or is absent.
    func blockImposedByPF(_ address: PCIAddress) -> String? {
        guard let index = recordsByAddress.slot(of: address) else { return nil }
        if let fault = recordsByAddress[slot: index].healthFault { return fault }
        return recordsByAddress[slot: index].isInUse ? Self.pfInUseReason : nil
    }

    /// Re-derives the state of a free device; in-use and unknown devices are left alone.
    mutating func refresh(_ address: PCIAddress, _ tracker: inout ChangeTracker) {
        guard let index = recordsByAddress.slot(of: address) else { return }
        let parentBlock = recordsByAddress[slot: index].device.parentAddress.flatMap(blockImposedByPF)
        refresh(address, parentBlock: parentBlock, &tracker)
    }

    private mutating func refresh(_ address: PCIAddress, parentBlock: String?, _ tracker: inout ChangeTracker) {
        guard let index = recordsByAddress.slot(of: address), !recordsByAddress[slot: index].isInUse else { return }
        let derived = derivedFreeState(of: recordsByAddress[slot: index], parentBlock: parentBlock)
        guard derived.state != recordsByAddress[slot: index].state || derived.reason != recordsByAddress[slot: index].reason
        else { return }
        modify(address, &tracker) { record in
            record.state = derived.state
            record.reason = derived.reason
        }
    }

    /// Re-derives the free state of a device's PF and of the VFs under its address.
    mutating func refreshRelatives(of device: InventoryDevice, _ tracker: inout ChangeTracker) {
        if let parent = device.parentAddress { refresh(parent, &tracker) }
        guard let children = virtualFunctionsByPF[device.address] else { return }
        let block = blockImposedByPF(device.address)
        for child in children { refresh(child, parentBlock: block, &tracker) }
    }
}
