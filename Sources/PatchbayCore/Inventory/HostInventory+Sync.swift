/// Hypervisor re-sync: reconcile the records with the devices a host reports.
extension HostInventory {
    /// Why a device that vanished while in use is kept as `removed`.
    public static let vanishedReason = "vanished from host"

    /// Reconciles the inventory with the full list of devices the host reports now.
    ///
    /// - A new device is inserted `available` (or `unavailable` when a fault or the PF/VF rule
    ///   demands it).
    /// - A vanished free device is deleted; a vanished device in use is kept as `removed` with
    ///   the reason "vanished from host" until its server releases it. If it is reported again
    ///   before that, it gets back the in-use state it had.
    /// - Changed properties of a free device are applied at once (it may move to another pool);
    ///   those of a device in use are kept in `pendingDevice` and applied when it is freed, and
    ///   dropped again if the host goes back to reporting the current properties.
    ///
    /// An unchanged host yields an empty change and leaves `generation` alone. The cost is
    /// O(reported + records) dictionary work, with index updates only for what changed.
    /// Throws `request.invalid_input` (changing nothing) when two reported devices share an address.
    public mutating func sync(reported: [InventoryDevice]) throws(PatchbayError) -> InventoryChange {
        var reportedAddresses = Set<PCIAddress>(minimumCapacity: reported.count)
        for device in reported where !reportedAddresses.insert(device.address).inserted {
            throw .invalidInput("the host reported PCI device \(device.address) more than once")
        }
        var tracker = ChangeTracker()
        var touched: [InventoryDevice] = []
        var known = 0
        for device in reported {
            guard let record = recordsByAddress[device.address] else {
                store(DeviceRecord(device: device), &tracker)
                touched.append(device)
                continue
            }
            known += 1
            guard let reconciled = reconcile(record, with: device) else { continue }
            store(reconciled, &tracker)
            touched.append(record.device)
            if reconciled.device != record.device { touched.append(reconciled.device) }
        }
        if known < recordsByAddress.count {
            touched += markVanished(keeping: reportedAddresses, &tracker)
        }
        for device in touched {
            refresh(device.address, &tracker)
            refreshRelatives(of: device, &tracker)
        }
        return commit(tracker)
    }

    /// The record updated for a reported device, or nil when nothing changes.
    private func reconcile(_ record: DeviceRecord, with device: InventoryDevice) -> DeviceRecord? {
        if record.state != .removed, (record.pendingDevice ?? record.device) == device { return nil }
        var updated = record
        if updated.state == .removed {
            updated.state = updated.stateBeforeRemoval ?? .allocated
            updated.stateBeforeRemoval = nil
            updated.reason = nil
        }
        if !updated.isInUse {
            updated.device = device
        } else if (updated.pendingDevice ?? updated.device) != device {
            updated.pendingDevice = device == updated.device ? nil : device
        }
        return updated == record ? nil : updated
    }

    /// Deletes the free records the host no longer reports and marks the held ones `removed`;
    /// returns the devices whose relatives need their state re-derived.
    private mutating func markVanished(keeping reported: Set<PCIAddress>,
                                       _ tracker: inout ChangeTracker) -> [InventoryDevice] {
        let vanished = recordsByAddress.values.filter { !reported.contains($0.address) }
        var touched: [InventoryDevice] = []
        for record in vanished.sorted(by: { $0.address < $1.address }) {
            if !record.isInUse {
                delete(record.address, &tracker)
                touched.append(record.device)
            } else if record.state != .removed {
                modify(record.address, &tracker) { removed in
                    removed.stateBeforeRemoval = removed.state
                    removed.state = .removed
                    removed.reason = Self.vanishedReason
                }
            }
        }
        return touched
    }
}
