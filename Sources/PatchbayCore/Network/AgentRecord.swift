/// A registered agent as the server stores it: identity, admin state, heartbeat and the
/// configurations it last reported.
public struct AgentRecord: Sendable, Codable, Hashable, Identifiable {
    /// The agent's UUID.
    public var id: String
    /// `agent_type`, e.g. "NIC Switch agent".
    public var agentType: AgentType
    /// The process name, e.g. `patchbay-agent`.
    public var binary: String
    /// The messaging topic Neutron agents report ("N/A" for Patchbay's).
    public var topic: String
    /// The host the agent runs on.
    public var host: String
    /// Operator's admin state.
    public var adminStateUp: Bool
    /// Operator's description.
    public var description: String
    /// Availability zone, if any.
    public var availabilityZone: String?
    /// The wiring the agent reported.
    public var mappings: AgentMappings
    /// Any other configuration keys the agent reported, kept verbatim.
    public var extraConfigurations: [String: JSONValue]
    /// First registration time (Unix seconds).
    public var createdAt: Int64
    /// The start time of the agent process, as it last reported.
    public var startedAt: Int64
    /// The last heartbeat (Unix seconds).
    public var heartbeatAt: Int64

    /// Creates a record.
    public init(id: String, agentType: AgentType, binary: String, topic: String = "N/A", host: String,
                adminStateUp: Bool = true, description: String = "", availabilityZone: String? = nil,
                mappings: AgentMappings, extraConfigurations: [String: JSONValue] = [:],
                createdAt: Int64, startedAt: Int64, heartbeatAt: Int64) {
        self.id = id
        self.agentType = agentType
        self.binary = binary
        self.topic = topic
        self.host = host
        self.adminStateUp = adminStateUp
        self.description = description
        self.availabilityZone = availabilityZone
        self.mappings = mappings
        self.extraConfigurations = extraConfigurations
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.heartbeatAt = heartbeatAt
    }

    /// Whether the last heartbeat is within `downTime` seconds of `now` (Neutron's `alive`).
    public func isAlive(now: Int64, downTime: Int64) -> Bool {
        now - heartbeatAt <= downTime
    }

    /// The view binding needs.
    public func snapshot(now: Int64, downTime: Int64) -> AgentSnapshot {
        AgentSnapshot(id: id, type: agentType, host: host, alive: isAlive(now: now, downTime: downTime),
                      adminStateUp: adminStateUp, mappings: mappings)
    }
}
