/// Health faults: a device (typically a PF whose carrier went down) that must not be scheduled.
extension HostInventory {
    /// Records a fault on a device, e.g. `markUnhealthy(address: pf, reason: "PF carrier down")`.
    ///
    /// The device, if free, and the free VFs under it become `unavailable` with the reason and
    /// leave their pools. Devices in use keep running; they are not in a pool anyway, and they
    /// come back `unavailable` when released while the fault lasts. Marking again replaces the
    /// reason. Throws `pcidevice.not_found` for an unknown address, `request.invalid_input` for
    /// an empty reason.
    public mutating func markUnhealthy(address: PCIAddress, reason: String) throws(PatchbayError) -> InventoryChange {
        guard !reason.isEmpty else { throw .invalidInput("a health fault needs a reason") }
        return try setHealthFault(reason, at: address)
    }

    /// Clears a device's fault; it and the VFs under it become `available` again unless
    /// something else blocks them. Clearing a healthy device changes nothing.
    public mutating func markHealthy(address: PCIAddress) throws(PatchbayError) -> InventoryChange {
        try setHealthFault(nil, at: address)
    }

    /// The addresses of the devices that carry a health fault, sorted.
    public var unhealthyAddresses: [PCIAddress] {
        recordsByAddress.values.filter { $0.healthFault != nil }.map(\.address).sorted()
    }

    private mutating func setHealthFault(_ fault: String?, at address: PCIAddress) throws(PatchbayError) -> InventoryChange {
        guard let record = recordsByAddress[address] else { throw .pciDeviceNotFound(address) }
        var tracker = ChangeTracker()
        modify(address, &tracker) { $0.healthFault = fault }
        refresh(address, &tracker)
        refreshRelatives(of: record.device, &tracker)
        return commit(tracker)
    }
}
