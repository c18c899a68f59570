/// One device in a host's inventory: the device, its state, who holds it and why it is blocked.
///
/// A device is *in use* while `serverId` is set (states `claimed`, `allocated`, or `removed` for
/// a device that vanished while held). A free device is `available` or `unavailable`; the
/// inventory derives which from the PF/VF relation and the health faults, never from history.
public struct DeviceRecord: Sendable, Codable, Hashable, Identifiable {
    /// The device and its spec tags, as currently applied.
    public var device: InventoryDevice
    /// The lifecycle state.
    public var state: PCIDeviceState
    /// The server holding the device; nil while free.
    public var serverId: String?
    /// The port the device was claimed for; nil for flavor-alias devices and free devices.
    public var portId: String?
    /// Why the device is `unavailable` or `removed`, e.g. "PF carrier down"; nil otherwise.
    public var reason: String?
    /// A health fault reported on this device itself (see `HostInventory.markUnhealthy`).
    public var healthFault: String?
    /// Properties the host reported while the device was in use, applied when it is freed
    /// (Nova's "stale" list); nil when there is nothing pending.
    public var pendingDevice: InventoryDevice?
    /// For a `removed` device, the in-use state it had when it vanished (`claimed` or
    /// `allocated`), restored if the host reports it again; nil otherwise.
    public var stateBeforeRemoval: PCIDeviceState?

    /// Creates a record.
    public init(device: InventoryDevice, state: PCIDeviceState = .available, serverId: String? = nil,
                portId: String? = nil, reason: String? = nil, healthFault: String? = nil,
                pendingDevice: InventoryDevice? = nil, stateBeforeRemoval: PCIDeviceState? = nil) {
        self.device = device
        self.state = state
        self.serverId = serverId
        self.portId = portId
        self.reason = reason
        self.healthFault = healthFault
        self.pendingDevice = pendingDevice
        self.stateBeforeRemoval = stateBeforeRemoval
    }

    /// The device's address.
    public var address: PCIAddress { device.address }

    /// The address as the identity.
    public var id: PCIAddress { device.address }

    /// True while a server holds the device (claimed, allocated, or removed but not yet released).
    public var isInUse: Bool { serverId != nil }

    /// True when the scheduler may hand the device out.
    public var isAvailable: Bool { state == .available }

    /// The pool this device counts in.
    public var poolKey: PoolKey { PoolKey(device) }
}
