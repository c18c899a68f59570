/// Everything a binding attempt needs, gathered by the caller: the port's binding inputs, the
/// network's segments and profile default, and the agents registered on the target host.
public struct BindingRequest: Sendable {
    /// The port being bound (for messages).
    public var portId: String
    /// `binding:host_id`: the compute host to bind on.
    public var host: String
    /// `binding:vnic_type`.
    public var vnicType: VnicType
    /// `binding:profile` (may hold `profileid`, `capabilities`, `trusted`, `pci_slot`, …).
    public var profile: [String: JSONValue]
    /// The network's segments, in the order they should be tried.
    public var segments: [Segment]
    /// Patchbay extension: the network's default 802.1Qbh profile id.
    public var networkDefaultProfileId: String?
    /// Every agent registered on `host`, alive or not.
    public var agents: [AgentSnapshot]
    /// The operator-declared 802.1Qbh profiles, by id.
    public var knownProfiles: [String: PortProfile]

    /// Creates a request.
    public init(portId: String, host: String, vnicType: VnicType = .normal, profile: [String: JSONValue] = [:],
                segments: [Segment], networkDefaultProfileId: String? = nil, agents: [AgentSnapshot] = [],
                knownProfiles: [String: PortProfile] = [:]) {
        self.portId = portId
        self.host = host
        self.vnicType = vnicType
        self.profile = profile
        self.segments = segments
        self.networkDefaultProfileId = networkDefaultProfileId
        self.agents = agents
        self.knownProfiles = knownProfiles
    }

    /// The 802.1Qbh profile id in force: a non-empty string `profile["profileid"]`, else the
    /// network's default, else nil.
    public var effectiveProfileId: String? {
        if let id = profile["profileid"]?.stringValue, !id.isEmpty { return id }
        if let id = networkDefaultProfileId, !id.isEmpty { return id }
        return nil
    }

    /// True when `profile["capabilities"]` lists `capability` (e.g. `switchdev`).
    public func hasCapability(_ capability: String) -> Bool {
        profile["capabilities"]?.arrayValue?.contains(.string(capability)) ?? false
    }

    /// The agents on `host` that serve a driver of `type`: that type or Patchbay's own agent.
    func agents(serving type: AgentType) -> [AgentSnapshot] {
        agents.filter { $0.host == host && ($0.type == type || $0.type == .patchbay) }
    }

    /// The alive agents serving `type`; throws the refusal to give when there are none.
    func aliveAgents(serving type: AgentType) throws(DriverRefusal) -> [AgentSnapshot] {
        let registered = agents(serving: type)
        let alive = registered.filter(\.alive)
        if !alive.isEmpty { return alive }
        if registered.isEmpty { throw DriverRefusal("no alive agent on host \(host)") }
        throw DriverRefusal("agent on host \(host) is not alive")
    }
}
