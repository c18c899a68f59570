@testable import PatchbayCore
import Testing

/// Devices and inventories for the host inventory tests: PF `p` sits at bus `p + 1`, its VF `n`
/// at slot `1 + n / 8`, function `n % 8` of the same bus (so up to 248 VFs per PF).
enum InventoryFixture {
    static let host = "compute-1"

    static func pfAddress(_ pf: Int) -> PCIAddress { PCIAddress(domain: 0, bus: pf + 1, slot: 0, function: 0)! }

    static func vfAddress(_ vf: Int, of pf: Int) -> PCIAddress {
        PCIAddress(domain: 0, bus: pf + 1, slot: 1 + vf / 8, function: vf % 8)!
    }

    static func pf(_ pf: Int, numa: Int? = 0, physnet: String? = "physnet1", trusted: Bool = false,
                   tags: [String: String] = [:]) -> InventoryDevice {
        InventoryDevice(device: PCIDevice(address: pfAddress(pf), vendorId: "8086", productId: "1572", type: .pf,
                                          numaNode: numa, netdev: "ens\(pf)f0", pfMACAddress: "3c:fd:fe:00:00:0\(pf % 10)"),
                        physicalNetwork: physnet, trusted: trusted, tags: tags)
    }

    static func vf(_ vf: Int, of pf: Int, numa: Int? = 0, physnet: String? = "physnet1", trusted: Bool = false,
                   tags: [String: String] = [:]) -> InventoryDevice {
        InventoryDevice(device: PCIDevice(address: vfAddress(vf, of: pf), vendorId: "8086", productId: "154c",
                                          type: .vf, parentAddress: pfAddress(pf), numaNode: numa,
                                          pfMACAddress: "3c:fd:fe:00:00:0\(pf % 10)", vfNumber: vf),
                        physicalNetwork: physnet, trusted: trusted, tags: tags)
    }

    /// A plain PCI device (e.g. a GPU) at bus 0xa0 + index.
    static func gpu(_ index: Int, numa: Int? = 1) -> InventoryDevice {
        InventoryDevice(device: PCIDevice(address: PCIAddress(domain: 0, bus: 0xa0 + index, slot: 0, function: 0)!,
                                          vendorId: "10de", productId: "1eb8", type: .pci, numaNode: numa))
    }

    /// Every device of a host with `pfs` PFs of `vfs` VFs each, PFs first.
    static func devices(pfs: Int, vfs: Int) -> [InventoryDevice] {
        (0..<pfs).map { pf($0) } + (0..<pfs).flatMap { p in (0..<vfs).map { vf($0, of: p) } }
    }

    /// A synced inventory of `pfs` × `vfs`.
    static func inventory(pfs: Int = 2, vfs: Int = 4) throws -> HostInventory {
        var inventory = HostInventory(host: host)
        _ = try inventory.sync(reported: devices(pfs: pfs, vfs: vfs))
        return inventory
    }

    static func vfPool(_ pf: Int) -> PoolKey { PoolKey(vf(0, of: pf)) }
    static func pfPool(_ pf: Int) -> PoolKey { PoolKey(self.pf(pf)) }

    static func state(_ inventory: HostInventory, _ address: PCIAddress) -> PCIDeviceState? {
        inventory.record(at: address)?.state
    }

    /// The error code a throwing inventory operation fails with, or nil when it succeeds.
    static func failureCode(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return (error as? PatchbayError)?.code ?? "not a PatchbayError: \(error)"
        }
    }
}
