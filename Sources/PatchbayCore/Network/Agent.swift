/// The agent flavours Patchbay knows, with Neutron's `agent_type` strings.
public enum AgentType: String, Sendable, Codable, CaseIterable {
    /// The SR-IOV NIC agent: reports `device_mappings` (physnet → PF netdevs).
    case nicSwitch = "NIC Switch agent"
    /// The macvtap agent: reports `interface_mappings` (physnet → interface).
    case macvtap = "Macvtap agent"
    /// The Linux bridge agent: reports `bridge_mappings` (physnet → uplink interface).
    case linuxBridge = "Linux bridge agent"
    /// Patchbay's own host agent, which carries every mapping kind at once.
    case patchbay = "Patchbay agent"
}

/// What an agent reports about a host's wiring, as Neutron agents put it in `configurations`.
public struct AgentMappings: Sendable, Codable, Hashable {
    /// Physnet → PF netdev names (SR-IOV).
    public var deviceMappings: [String: [String]]
    /// Physnet → interface for macvtap.
    public var interfaceMappings: [String: String]
    /// Physnet → bridge uplink interface for normal ports.
    public var bridgeMappings: [String: String]
    /// PF netdev → excluded VF PCI addresses.
    public var excludeDevices: [String: [String]]

    /// Creates mappings; every kind defaults to empty.
    public init(deviceMappings: [String: [String]] = [:], interfaceMappings: [String: String] = [:],
                bridgeMappings: [String: String] = [:], excludeDevices: [String: [String]] = [:]) {
        self.deviceMappings = deviceMappings
        self.interfaceMappings = interfaceMappings
        self.bridgeMappings = bridgeMappings
        self.excludeDevices = excludeDevices
    }
}

/// The liveness-relevant view of an agent that binding needs: who it is, where, and whether it
/// is alive and administratively up.
public struct AgentSnapshot: Sendable, Hashable {
    /// Agent id.
    public var id: String
    /// The agent's type.
    public var type: AgentType
    /// The host the agent runs on.
    public var host: String
    /// Whether the heartbeat is recent enough (`agent_down_time`).
    public var alive: Bool
    /// The operator's admin state for the agent.
    public var adminStateUp: Bool
    /// The reported wiring.
    public var mappings: AgentMappings

    /// Creates a snapshot.
    public init(id: String, type: AgentType, host: String, alive: Bool, adminStateUp: Bool = true,
                mappings: AgentMappings) {
        self.id = id
        self.type = type
        self.host = host
        self.alive = alive
        self.adminStateUp = adminStateUp
        self.mappings = mappings
    }
}
