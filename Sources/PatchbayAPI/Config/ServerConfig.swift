import PatchbayCore

/// Everything `patchbay serve` is configured with.
public struct ServerConfig: Sendable {
    /// `HOST:PORT` to listen on; 127.0.0.1 unless an operator says otherwise.
    public var listen: String
    /// SQLite database path.
    public var database: String
    /// Whether requests are accepted without a token (every caller is an admin).
    public var noauth: Bool
    /// The project noauth callers act in.
    public var noauthProjectId: String
    /// The networking settings.
    public var networking: NetworkingConfig

    /// Creates a configuration.
    public init(listen: String = "127.0.0.1:9696", database: String = "patchbay.sqlite", noauth: Bool = true,
                noauthProjectId: String = "admin", networking: NetworkingConfig) {
        self.listen = listen
        self.database = database
        self.noauth = noauth
        self.noauthProjectId = noauthProjectId
        self.networking = networking
    }

    /// The built-in configuration, used when no `--config` is given.
    public static let defaultYAML = """
        server:
          listen: "127.0.0.1:9696"
          database: "patchbay.sqlite"
        auth:
          noauth: true
          noauth_project_id: admin
        ml2:
          project_network_types: vlan, vxlan
          mechanism_drivers: sriovnicswitch, macvtap, linuxbridge
          network_vlan_ranges: ["physnet1:100:199"]
          flat_networks: ["*"]
          vni_ranges: ["1000:1999"]
          global_physnet_mtu: 1500
          base_mac: "fa:16:3e:00:00:00"
          mac_generation_retries: 16
        agents:
          agent_down_time: 75
        port_profiles: []
        """

    /// Parses a YAML config. Settings missing from `yaml` take the built-in defaults; unknown
    /// settings and invalid values fail with the setting's path and the reason.
    public static func load(yaml: String) throws -> ServerConfig {
        let root = try ConfigNode.parse(yaml: yaml)
        try root.checkKeys(["server", "auth", "ml2", "agents", "port_profiles"])
        let server = try root.section("server", allowed: ["listen", "database"])
        let auth = try root.section("auth", allowed: ["noauth", "noauth_project_id"])
        let ml2 = try root.section("ml2", allowed: ["project_network_types", "tenant_network_types", "mechanism_drivers",
                                                     "network_vlan_ranges", "flat_networks", "vni_ranges",
                                                     "global_physnet_mtu", "base_mac", "mac_generation_retries"])
        let agents = try root.section("agents", allowed: ["agent_down_time"])
        let projectTypes = try ml2.list("project_network_types", default: try ml2.list("tenant_network_types", default: ["vlan", "vxlan"]))
        let typeDrivers: TypeDriverConfig
        do {
            typeDrivers = try TypeDriverConfig.parse(
                networkVlanRanges: try ml2.list("network_vlan_ranges", default: ["physnet1:100:199"]),
                flatNetworks: try ml2.list("flat_networks", default: ["*"]),
                vniRanges: try ml2.list("vni_ranges", default: ["1000:1999"]),
                projectNetworkTypes: projectTypes)
        } catch {
            throw ConfigError("ml2: \((error as? PatchbayError)?.message ?? "\(error)")")
        }
        let networking = NetworkingConfig(
            typeDrivers: typeDrivers,
            mechanismDrivers: try ml2.list("mechanism_drivers", default: ["sriovnicswitch", "macvtap", "linuxbridge"]),
            baseMAC: try ml2.string("base_mac", default: "fa:16:3e:00:00:00"),
            globalPhysnetMTU: try ml2.int("global_physnet_mtu", default: 1500),
            agentDownTime: Int64(try agents.int("agent_down_time", default: 75)),
            portProfiles: try portProfiles(root),
            macGenerationRetries: try ml2.int("mac_generation_retries", default: 16))
        do {
            _ = try BindingEngine.drivers(named: networking.mechanismDrivers)
            _ = try MACGenerator(baseMAC: networking.baseMAC)
        } catch let error as PatchbayError {
            throw ConfigError("ml2: \(error.message)")
        }
        guard networking.globalPhysnetMTU >= 68 else { throw ConfigError("ml2.global_physnet_mtu: must be at least 68") }
        guard networking.agentDownTime > 0 else { throw ConfigError("agents.agent_down_time: must be positive") }
        return ServerConfig(
            listen: try server.string("listen", default: "127.0.0.1:9696"),
            database: try server.string("database", default: "patchbay.sqlite"),
            noauth: try auth.bool("noauth", default: true),
            noauthProjectId: try auth.string("noauth_project_id", default: "admin"),
            networking: networking)
    }

    private static func portProfiles(_ root: ConfigNode) throws -> [String: PortProfile] {
        guard let items = root.value["port_profiles"], !items.isNull else { return [:] }
        guard let list = items.arrayValue else { throw ConfigError("port_profiles: expected a list") }
        var profiles: [String: PortProfile] = [:]
        for (index, item) in list.enumerated() {
            guard let id = item["id"]?.stringValue, !id.isEmpty else { throw ConfigError("port_profiles[\(index)]: 'id' is required") }
            let vlan = item["vlan"]?.intValue
            if let vlan, !(1...4094).contains(vlan) { throw ConfigError("port_profiles[\(index)].vlan: \(vlan) is outside 1-4094") }
            guard profiles[id] == nil else { throw ConfigError("port_profiles[\(index)]: duplicate id '\(id)'") }
            profiles[id] = PortProfile(id: id, vlan: vlan)
        }
        return profiles
    }
}
