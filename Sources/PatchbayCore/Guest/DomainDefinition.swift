/// Everything needed to define a server's guest on its host: identity, size, NICs, and the
/// devices its flavor's `pci_passthrough:alias` claimed.
public struct DomainDefinition: Sendable, Hashable {
    /// The libvirt domain name (Nova uses `instance-<hex id>`; Patchbay passes what it likes).
    public var name: String
    /// The server's UUID, which becomes the domain's UUID.
    public var uuid: String
    /// Guest RAM in MiB.
    public var memoryMB: Int
    /// Number of virtual CPUs.
    public var vcpus: Int
    /// The NICs, in the order the server's networks were requested.
    public var interfaces: [GuestInterface]
    /// Devices claimed for flavor aliases, passed through as `<hostdev>`.
    public var aliasDevices: [PCIDevice]
    /// How the guest's CPU runs: `kvm` where the host has a usable `/dev/kvm`, else `qemu` (TCG).
    public var virtType: VirtType = .kvm
    /// File-backed disks (root disk, config drive), in target order.
    public var disks: [GuestDisk] = []
    /// Where the serial console's output is logged; nil for a guest without a serial console.
    public var consoleLog: String?

    /// The domain `type`: hardware virtualization or QEMU's emulator.
    public enum VirtType: String, Sendable, Hashable, CaseIterable {
        /// KVM, when `/dev/kvm` is usable.
        case kvm
        /// QEMU's TCG, slower but available everywhere.
        case qemu
    }

    /// Creates a definition.
    public init(name: String, uuid: String, memoryMB: Int, vcpus: Int,
                interfaces: [GuestInterface] = [], aliasDevices: [PCIDevice] = []) {
        self.name = name
        self.uuid = uuid
        self.memoryMB = memoryMB
        self.vcpus = vcpus
        self.interfaces = interfaces
        self.aliasDevices = aliasDevices
    }

    /// Checks what libvirt would refuse, so a bad server fails with a clear reason here rather
    /// than with a libvirt error on the host.
    /// - Throws: `PatchbayError` `guest.invalid_domain` (`InternalError`) naming the field, for an
    ///   empty or over-long name or one with `/`, a malformed UUID, memory or vCPUs below 1, or a
    ///   PCI address used twice (by two ports, two alias devices, or a port and an alias device).
    public func validate() throws(PatchbayError) {
        if name.isEmpty || name.utf8.count > 255 || name.contains("/") {
            throw invalid("name '\(name)' must be 1-255 bytes without '/'")
        }
        if !GuestInterface.isUUID(uuid) { throw invalid("uuid '\(uuid)' is not a UUID") }
        if memoryMB < 1 { throw invalid("memory \(memoryMB) MiB must be at least 1") }
        if vcpus < 1 { throw invalid("vcpus \(vcpus) must be at least 1") }
        var seen = Set<PCIAddress>()
        let hostdevAddresses = interfaces.filter(\.usesDeviceAddress).compactMap(\.device?.address)
            + aliasDevices.map(\.address)
        for address in hostdevAddresses where !seen.insert(address).inserted {
            throw invalid("PCI device \(address) is passed through twice")
        }
        var targets = Set<String>()
        for disk in disks {
            guard disk.path.hasPrefix("/"), targets.insert(disk.target).inserted else {
                throw invalid("disk \(disk.target) at '\(disk.path)' needs an absolute path and a target of its own")
            }
        }
        if let log = consoleLog, !log.hasPrefix("/") { throw invalid("console log '\(log)' is not an absolute path") }
    }

    /// `guest.invalid_domain` naming this domain.
    private func invalid(_ reason: String) -> PatchbayError {
        GuestInterface.failure("guest.invalid_domain", "domain \(name) for server \(uuid) is invalid: \(reason)")
    }
}

extension GuestInterface {
    /// True when the rendered element passes the claimed device's PCI address to the guest
    /// (`hostdev_physical`, or `hw_veb`/`802.1qbh` with vnic direct); macvtap shapes only use its netdev.
    public var usesDeviceAddress: Bool {
        vifType == "hostdev_physical" || (["hw_veb", "802.1qbh"].contains(vifType) && vnicType == .direct)
    }
}
