/// What one host must do to match its desired state, split by seam: VF settings, L2 wiring and
/// guests, plus the ports it cannot wire and why.
public struct HostPlan: Sendable, Hashable {
    /// The VF settings of SR-IOV ports.
    public var virtualFunctions: [VFDesiredState] = []
    /// Bridges, VXLAN devices, taps and macvtaps.
    public var links: [L2PortIntent] = []
    /// The guests that must be defined and running.
    public var guests: [DesiredGuest] = []
    /// Ports this host cannot wire, with the reason (logged, and the port stays DOWN).
    public var unplannable: [String: String] = [:]

    /// Creates an empty plan.
    public init() {}
}

/// What the planner knows about the host itself: its PCI devices and its wiring configuration.
public struct HostFacts: Sendable, Hashable {
    /// The host's PCI devices by address (as discovered, before device specs).
    public var devices: [PCIAddress: PCIDevice]
    /// The agent's physnet mappings.
    public var mappings: AgentMappings
    /// The local VXLAN endpoint, if configured.
    public var tunnelingIP: String?
    /// The interface VXLAN traffic must leave by, if pinned.
    public var tunnelInterface: String?

    /// Creates the facts.
    public init(devices: [PCIDevice], mappings: AgentMappings, tunnelingIP: String? = nil, tunnelInterface: String? = nil) {
        self.devices = Dictionary(devices.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first })
        self.mappings = mappings
        self.tunnelingIP = tunnelingIP
        self.tunnelInterface = tunnelInterface
    }
}
