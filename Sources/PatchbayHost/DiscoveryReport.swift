import PatchbayCore

/// What one discovery pass found on a host: devices, PF health, and functions it could not use.
public struct DiscoveryReport: Sendable, Hashable {
    /// Every PCI function with a readable vendor and device, ordered by address.
    public var devices: [PCIDevice]
    /// One health record per PF, ordered by address.
    public var health: [PhysicalFunctionHealth]
    /// Functions left out, each with the reason, ordered by directory name.
    public var skipped: [SkippedDevice]

    /// Creates a report.
    public init(devices: [PCIDevice] = [], health: [PhysicalFunctionHealth] = [], skipped: [SkippedDevice] = []) {
        self.devices = devices
        self.health = health
        self.skipped = skipped
    }

    /// The device at an address, if discovered.
    public func device(at address: PCIAddress) -> PCIDevice? {
        devices.first { $0.address == address }
    }

    /// The health record of a PF, if it is one.
    public func health(of address: PCIAddress) -> PhysicalFunctionHealth? {
        health.first { $0.address == address }
    }
}

/// A sysfs entry that discovery could not turn into a device, and why.
public struct SkippedDevice: Sendable, Hashable {
    /// The directory name under `/sys/bus/pci/devices`.
    public var name: String
    /// Why it was skipped, e.g. "vendor file is missing".
    public var reason: String

    /// Creates a skip record.
    public init(name: String, reason: String) {
        self.name = name
        self.reason = reason
    }
}
