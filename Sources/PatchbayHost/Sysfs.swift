import Foundation
import PatchbayCore

/// The seam between discovery and the kernel: reads raw PCI and network facts from sysfs.
///
/// `LinuxSysfs` reads a real tree (the host's `/sys`, or a fixture tree under a temporary root).
public protocol SysfsReader: Sendable {
    /// The facts of every entry under `/sys/bus/pci/devices`, in directory-name order.
    func pciDevices() throws(PatchbayError) -> [SysfsDevice]
    /// The facts of `/sys/class/net/<name>`; nil when there is no such interface.
    func netInterface(named name: String) -> SysfsNetInterface?
}

/// Reads sysfs from a tree whose root is given at creation: `/` on a host, a temporary directory in tests.
public struct LinuxSysfs: SysfsReader {
    /// The directory that contains `sys/`, as given.
    public let root: String
    /// `root` without trailing slashes, so that `"\(prefix)/sys"` is `/sys` for the root `/`.
    private let prefix: String

    /// Creates a reader over the tree at `root` (default `/`).
    public init(root: String = "/") {
        self.root = root
        var prefix = Substring(root)
        while prefix.hasSuffix("/") { prefix = prefix.dropLast() }
        self.prefix = String(prefix)
    }

    private var pciDevicesPath: String { "\(prefix)/sys/bus/pci/devices" }

    /// Reads every PCI function; fails only when `/sys/bus/pci/devices` itself cannot be listed.
    public func pciDevices() throws(PatchbayError) -> [SysfsDevice] {
        guard let directory = POSIXDirectory(pciDevicesPath) else {
            throw .sysfsUnreadable(pciDevicesPath)
        }
        let names = directory.entries()
        // Each device costs a few dozen tiny syscalls; spreading devices over the cores is what
        // keeps a host with hundreds of VFs within a discovery budget of milliseconds.
        let workers = min(max(1, ProcessInfo.processInfo.activeProcessorCount), max(1, names.count / 64))
        guard workers > 1 else { return names.map(pciDevice(named:)) }
        let results = UnsafeMutableBufferPointer<SysfsDevice?>.allocate(capacity: names.count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        let slots = SendableSlots(results)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: names.count, by: workers) {
                slots.buffer[index] = pciDevice(named: names[index])
            }
        }
        return results.map { $0! }
    }

    /// Reads `address` and `operstate` of one interface.
    public func netInterface(named name: String) -> SysfsNetInterface? {
        guard !name.isEmpty, !name.contains("/"), name != "..",
              let directory = POSIXDirectory("\(prefix)/sys/class/net/\(name)") else { return nil }
        return SysfsNetInterface(name: name, address: directory.readText("address"),
                                 operstate: directory.readText("operstate"), speed: directory.readText("speed"))
    }

    private func pciDevice(named name: String) -> SysfsDevice {
        var device = SysfsDevice(name: name)
        guard let directory = POSIXDirectory("\(pciDevicesPath)/\(name)") else { return device }
        let entries = Set(directory.entries())
        device.vendor = directory.readText("vendor")
        device.device = directory.readText("device")
        device.pciClass = directory.readText("class")
        device.numaNode = directory.readText("numa_node")
        device.driver = directory.linkBasename("driver")
        device.iommuGroup = directory.linkBasename("iommu_group")
        if entries.contains("physfn") {
            device.physicalFunction = directory.linkBasename("physfn")
        }
        if entries.contains("sriov_totalvfs") {
            device.sriovTotalVFs = directory.readText("sriov_totalvfs")
            device.sriovNumVFs = directory.readText("sriov_numvfs")
            if entries.contains("sriov") {
                device.vfMirrorFiles = Set(POSIXDirectory("\(pciDevicesPath)/\(name)/sriov/0")?.entries() ?? [])
            }
        }
        device.virtualFunctions = entries.compactMap { entry in
            guard entry.hasPrefix("virtfn"), let number = Int(entry.dropFirst("virtfn".count)),
                  let target = directory.linkBasename(entry) else { return nil }
            return VirtualFunctionLink(number: number, target: target, resolves: directory.exists(entry))
        }.sorted { $0.number < $1.number }
        if entries.contains("net") {
            device.netdevs = POSIXDirectory("\(pciDevicesPath)/\(name)/net")?.entries() ?? []
        }
        return device
    }
}

extension PatchbayError {
    /// 500 `SysfsUnreadable`: the PCI device directory of sysfs cannot be listed.
    public static func sysfsUnreadable(_ path: String) -> PatchbayError {
        PatchbayError(code: "host.sysfs_unreadable", type: "SysfsUnreadable", category: .internalError,
                      message: "Cannot list \(path); is the sysfs root correct?")
    }
}

/// Result slots written by concurrent workers, each to indexes no other worker touches.
private struct SendableSlots: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<SysfsDevice?>
    init(_ buffer: UnsafeMutableBufferPointer<SysfsDevice?>) { self.buffer = buffer }
}
