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
    /// The ports with a link intent that each guest (by lowercase server id) uses: its taps and
    /// macvtaps, which must be wired before the guest is defined and started.
    public var guestLinkPorts: [String: Set<String>] = [:]
    /// The guests (lowercase server ids) whose domain names a NIC by a MAC no port of this
    /// state has: their ports are not here yet, so they wait whatever is ready.
    public var guestsWithUnlistedNICs: Set<String> = []

    /// Creates an empty plan.
    public init() {}

    /// The guests whose link ports are not all in `readyPorts` (lowercase server ids).
    public func guestsAwaitingLinks(readyPorts: Set<String>) -> Set<String> {
        Set(guests.map { $0.uuid.lowercased() }.filter { !(guestLinkPorts[$0] ?? []).isSubset(of: readyPorts) })
            .union(guestsWithUnlistedNICs)
    }

    /// The guests to hand to the guest reconciler once the links pass made `readyPorts` ready:
    /// a guest waiting for its links is left out, so it is neither defined nor started (its tap
    /// would be missing or unfiltered), unless its domain is already `defined` (lowercase UUIDs),
    /// which keeps it from being taken for a stale domain.
    public func guestsToConverge(readyPorts: Set<String>, defined: Set<String>) -> [DesiredGuest] {
        let waiting = guestsAwaitingLinks(readyPorts: readyPorts)
        return guests.filter { !waiting.contains($0.uuid.lowercased()) || defined.contains($0.uuid.lowercased()) }
    }
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
