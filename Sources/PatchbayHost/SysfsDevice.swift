/// The raw facts sysfs holds about one PCI function, as read, before any interpretation.
///
/// Text values are trimmed of surrounding whitespace; a nil means the file or link is absent or
/// unreadable. `Discovery` decides what the facts mean and which are malformed.
public struct SysfsDevice: Sendable, Hashable {
    /// The directory name under `/sys/bus/pci/devices`, normally a PCI address (`0000:81:00.0`).
    public var name: String
    /// `vendor`, e.g. `0x8086`.
    public var vendor: String?
    /// `device`, e.g. `0x1572`.
    public var device: String?
    /// `class`, e.g. `0x020000`.
    public var pciClass: String?
    /// `numa_node`, e.g. `1` or `-1`.
    public var numaNode: String?
    /// Basename of the `driver` link, e.g. `i40e`; nil when no driver is bound.
    public var driver: String?
    /// `sriov_totalvfs`; present only on SR-IOV capable functions.
    public var sriovTotalVFs: String?
    /// `sriov_numvfs`; the number of VFs the PF is configured to expose.
    public var sriovNumVFs: String?
    /// The `virtfnN` links of a PF, ordered by N.
    public var virtualFunctions: [VirtualFunctionLink]
    /// Basename of the `physfn` link of a VF, e.g. `0000:81:00.0`.
    public var physicalFunction: String?
    /// Interface names under `net/`, sorted.
    public var netdevs: [String]
    /// Basename of the `iommu_group` link, e.g. `42`.
    public var iommuGroup: String?
    /// The files under `sriov/0/` of a PF (the per-VF mirror files of Intel's i40e driver);
    /// empty when the driver offers none.
    public var vfMirrorFiles: Set<String> = []

    /// Creates the facts of one function.
    public init(name: String, vendor: String? = nil, device: String? = nil, pciClass: String? = nil,
                numaNode: String? = nil, driver: String? = nil, sriovTotalVFs: String? = nil,
                sriovNumVFs: String? = nil, virtualFunctions: [VirtualFunctionLink] = [],
                physicalFunction: String? = nil, netdevs: [String] = [], iommuGroup: String? = nil) {
        self.name = name
        self.vendor = vendor
        self.device = device
        self.pciClass = pciClass
        self.numaNode = numaNode
        self.driver = driver
        self.sriovTotalVFs = sriovTotalVFs
        self.sriovNumVFs = sriovNumVFs
        self.virtualFunctions = virtualFunctions
        self.physicalFunction = physicalFunction
        self.netdevs = netdevs
        self.iommuGroup = iommuGroup
    }
}

/// One `virtfnN` link of a PF.
public struct VirtualFunctionLink: Sendable, Hashable {
    /// N in `virtfnN`.
    public var number: Int
    /// Basename of the link target, the VF's address (e.g. `0000:81:02.0`).
    public var target: String
    /// Whether the link leads to an existing directory (false for a dangling link).
    public var resolves: Bool

    /// Creates a link fact.
    public init(number: Int, target: String, resolves: Bool) {
        self.number = number
        self.target = target
        self.resolves = resolves
    }
}

/// The facts of one network interface under `/sys/class/net/<ifname>`.
public struct SysfsNetInterface: Sendable, Hashable {
    /// The interface name, e.g. `ens1f0`.
    public var name: String
    /// `address`, the MAC, e.g. `3c:fd:fe:a0:81:00`.
    public var address: String?
    /// `operstate`, e.g. `up`, `down`, `lowerlayerdown`.
    public var operstate: String?
    /// `speed` in Mb/s as the kernel reports it (`-1` or absent while the link is down).
    public var speed: String?

    /// Creates the facts of one interface.
    public init(name: String, address: String? = nil, operstate: String? = nil, speed: String? = nil) {
        self.name = name
        self.address = address
        self.operstate = operstate
        self.speed = speed
    }
}
