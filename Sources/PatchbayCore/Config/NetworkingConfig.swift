/// The networking settings of a Patchbay server (Neutron's `[ml2]`, `[ml2_type_*]`, `base_mac`
/// and `agent_down_time`), already validated.
public struct NetworkingConfig: Sendable {
    /// Type driver ranges and the project network type order.
    public var typeDrivers: TypeDriverConfig
    /// Mechanism driver names, in the order they are tried.
    public var mechanismDrivers: [String]
    /// `base_mac`: zero octets are randomised.
    public var baseMAC: String
    /// The physical MTU (Neutron's `global_physnet_mtu`).
    public var globalPhysnetMTU: Int
    /// Seconds without a heartbeat after which an agent is dead.
    public var agentDownTime: Int64
    /// Operator-declared 802.1Qbh port profiles, by id.
    public var portProfiles: [String: PortProfile]
    /// How many times a generated MAC is retried on collision.
    public var macGenerationRetries: Int
    /// Per-project limits on tap services and tap flows.
    public var tapQuota = TapQuota()

    /// Creates a configuration.
    public init(typeDrivers: TypeDriverConfig, mechanismDrivers: [String] = ["sriovnicswitch", "macvtap", "linuxbridge"],
                baseMAC: String = "fa:16:3e:00:00:00", globalPhysnetMTU: Int = 1500, agentDownTime: Int64 = 75,
                portProfiles: [String: PortProfile] = [:], macGenerationRetries: Int = 16) {
        self.typeDrivers = typeDrivers
        self.mechanismDrivers = mechanismDrivers
        self.baseMAC = baseMAC
        self.globalPhysnetMTU = globalPhysnetMTU
        self.agentDownTime = agentDownTime
        self.portProfiles = portProfiles
        self.macGenerationRetries = macGenerationRetries
    }
}
