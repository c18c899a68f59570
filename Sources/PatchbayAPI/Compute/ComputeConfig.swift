import PatchbayCore

/// The compute side's settings: which PCI devices are assignable, the aliases flavors name,
/// the scheduler's weigher and when a host counts as down.
public struct ComputeConfig: Sendable {
    /// Nova's `[pci] device_spec` entries, parsed, with the excluded addresses.
    public var deviceSpecs: DeviceSpecList
    /// Nova's `[pci] alias` entries by name.
    public var aliases: PCIAliasTable
    /// Pack or spread.
    public var weigher: HostWeigher
    /// Seconds without an inventory report after which a host gets no new servers.
    public var hostDownTime: Int64
    /// Whether a placed server stays in BUILD (task `spawning`) until its host's agent reports the
    /// guest running and every port up; when false it goes ACTIVE as soon as it is placed.
    public var waitForAgent: Bool = true
    /// Seconds a build step may run before another process (or this one, after a restart) takes
    /// the build over and undoes it; also the period of the recovery sweep (half of it).
    public var buildLease: Int64 = 30
    /// Gives every guest a config drive, asked for or not (Nova's `force_config_drive`).
    public var forceConfigDrive = false

    /// Creates a configuration.
    public init(deviceSpecs: DeviceSpecList = DeviceSpecList(specs: []), aliases: PCIAliasTable = PCIAliasTable(),
                weigher: HostWeigher = .pack, hostDownTime: Int64 = 300) {
        self.deviceSpecs = deviceSpecs
        self.aliases = aliases
        self.weigher = weigher
        self.hostDownTime = hostDownTime
    }
}
