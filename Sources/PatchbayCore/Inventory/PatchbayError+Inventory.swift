/// The refusals of the PCI inventory, with stable codes and Nova's exception names.
extension PatchbayError {
    /// 409 `PciDevicePoolEmpty` (`pci.pool_exhausted`): the pool has fewer free devices than asked.
    public static func pciPoolExhausted(_ key: PoolKey, requested: Int, free: Int) -> PatchbayError {
        .conflict("PciDevicePoolEmpty", code: "pci.pool_exhausted",
                  "Attempt to consume \(requested) PCI device(s) from pool [\(key)] which has \(free) free.")
    }

    /// 409 `PciDeviceInvalidStatus` (`pci.device_unavailable`): the device is not `available`.
    public static func pciDeviceUnavailable(_ record: DeviceRecord) -> PatchbayError {
        let why = record.reason.map { " (\($0))" } ?? ""
        return .conflict("PciDeviceInvalidStatus", code: "pci.device_unavailable",
                         "PCI device \(record.address) is \(record.state.rawValue)\(why) instead of available.")
    }

    /// 409 `PciDeviceVFInvalidStatus` (`pci.pf_vf_conflict`): a PF cannot be claimed while a VF is in use.
    public static func pciVFsInUse(pf address: PCIAddress) -> PatchbayError {
        .conflict("PciDeviceVFInvalidStatus", code: "pci.pf_vf_conflict",
                  "Not all Virtual Functions of PF \(address) are free.")
    }

    /// 409 `PciDevicePFInvalidStatus` (`pci.pf_vf_conflict`): a VF cannot be claimed while its PF is in use.
    public static func pciPFInUse(pf address: PCIAddress, vf: PCIAddress?) -> PatchbayError {
        let which = vf.map { ", related to VF \($0)," } ?? ""
        return .conflict("PciDevicePFInvalidStatus", code: "pci.pf_vf_conflict",
                         "Physical Function \(address)\(which) is in use.")
    }

    /// 404 `PciDeviceNotFound` (`pcidevice.not_found`): no device at that address on the host.
    public static func pciDeviceNotFound(_ address: PCIAddress) -> PatchbayError {
        .notFound("PciDevice", address.description)
    }
}
