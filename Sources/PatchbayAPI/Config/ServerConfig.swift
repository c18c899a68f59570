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
    /// The identity settings.
    public var identity: IdentityConfig
    /// The compute settings (PCI device specs, aliases, scheduler).
    public var compute: ComputeConfig = ComputeConfig()
    /// Where image data is kept.
    public var images: ImageConfig = ImageConfig()
    /// The service user's password from config (the environment's `PATCHBAY_SERVICE_PASSWORD` wins).
    public var servicePassword: String?

    /// Creates a configuration.
    public init(listen: String = "127.0.0.1:9696", database: String = "patchbay.sqlite", noauth: Bool = false,
                noauthProjectId: String = "admin", networking: NetworkingConfig, identity: IdentityConfig = IdentityConfig(),
                servicePassword: String? = nil) {
        self.listen = listen
        self.database = database
        self.noauth = noauth
        self.noauthProjectId = noauthProjectId
        self.networking = networking
        self.identity = identity
        self.servicePassword = servicePassword
    }

    /// The built-in configuration, used when no `--config` is given.
    public static let defaultYAML = """
        server:
          listen: "127.0.0.1:9696"
          database: "patchbay.sqlite"
        auth:
          noauth: false
          noauth_project_id: admin
        identity:
          token_expiration: 3600
          password_hash_cost: 15
          region: RegionOne
          service_user: patchbay
          lockout_failure_attempts: 6
          lockout_duration: 1800
          address_failure_limit: 30
          address_failure_window: 60
          password_hash_workers: 0
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
        quotas:
          tap_service: 100
          tap_flow: 1000
        port_profiles: []
        """

    /// Parses a YAML config. Settings missing from `yaml` take the built-in defaults; unknown
    /// settings and invalid values fail with the setting's path and the reason.
    public static func load(yaml: String) throws -> ServerConfig {
        let root = try ConfigNode.parse(yaml: yaml)
        guard root.value.objectValue != nil else {
            throw ConfigError("the config file must be a mapping of sections (server, auth, identity, ml2, agents, quotas, port_profiles)")
        }
        try root.checkKeys(["server", "auth", "identity", "ml2", "agents", "quotas", "port_profiles", "pci", "scheduler", "compute", "image"])
        let identity = try root.section("identity", allowed: ["token_expiration", "password_hash_cost", "region", "public_url",
                                                               "internal_url", "admin_url", "service_user", "service_password",
                                                               "lockout_failure_attempts", "lockout_duration", "address_failure_limit",
                                                               "address_failure_window", "password_hash_workers"])
        let server = try root.section("server", allowed: ["listen", "database"])
        let auth = try root.section("auth", allowed: ["noauth", "noauth_project_id"])
        let ml2 = try root.section("ml2", allowed: ["project_network_types", "tenant_network_types", "mechanism_drivers",
                                                     "network_vlan_ranges", "flat_networks", "vni_ranges",
                                                     "global_physnet_mtu", "base_mac", "mac_generation_retries"])
        let agents = try root.section("agents", allowed: ["agent_down_time"])
        // `tenant_network_types` is the pre-Newton name; the current one wins when both are set.
        let projectTypesKey = ml2.value["project_network_types"].map { !$0.isNull } == true
            ? "project_network_types" : "tenant_network_types"
        let projectTypes = try ml2.list(projectTypesKey, default: ["vlan", "vxlan"])
        let vlanRanges = try ml2.list("network_vlan_ranges", default: ["physnet1:100:199"])
        let flatNetworks = try ml2.list("flat_networks", default: ["*"])
        let vniRanges = try ml2.list("vni_ranges", default: ["1000:1999"])
        let typeDrivers: TypeDriverConfig
        do throws(PatchbayError) {
            typeDrivers = try TypeDriverConfig.parse(networkVlanRanges: vlanRanges, flatNetworks: flatNetworks,
                                                     vniRanges: vniRanges, projectNetworkTypes: projectTypes)
        } catch {
            // Name the offending setting the way every other config error does.
            let key = switch error.code {
            case "config.invalid_vlan_range": "network_vlan_ranges"
            case "config.invalid_vni_range": "vni_ranges"
            case "config.unknown_network_type": projectTypesKey
            default: ""
            }
            throw ConfigError("\(key.isEmpty ? "ml2" : ml2.join(key)): \(error.message)")
        }
        var networking = NetworkingConfig(
            typeDrivers: typeDrivers,
            mechanismDrivers: try ml2.list("mechanism_drivers", default: ["sriovnicswitch", "macvtap", "linuxbridge"]),
            baseMAC: try ml2.string("base_mac", default: "fa:16:3e:00:00:00"),
            globalPhysnetMTU: try ml2.int("global_physnet_mtu", default: 1500),
            agentDownTime: Int64(try agents.int("agent_down_time", default: 75)),
            portProfiles: try portProfiles(root),
            macGenerationRetries: try ml2.int("mac_generation_retries", default: 16))
        do throws(PatchbayError) {
            _ = try BindingEngine.drivers(named: networking.mechanismDrivers)
        } catch {
            throw ConfigError("\(ml2.join("mechanism_drivers")): \(error.message)")
        }
        do {
            _ = try MACGenerator(baseMAC: networking.baseMAC)
        } catch let error as PatchbayError {
            throw ConfigError("\(ml2.join("base_mac")): \(error.message)")
        }
        guard networking.globalPhysnetMTU >= 68 else { throw ConfigError("ml2.global_physnet_mtu: must be at least 68") }
        guard networking.agentDownTime > 0 else { throw ConfigError("agents.agent_down_time: must be positive") }
        networking.tapQuota = try tapQuota(root)
        let listen = try server.string("listen", default: "127.0.0.1:9696")
        _ = try PatchbayServer.parseListen(listen)
        var config = ServerConfig(
            listen: listen,
            database: try server.string("database", default: "patchbay.sqlite"),
            noauth: try auth.bool("noauth", default: false),
            noauthProjectId: try auth.string("noauth_project_id", default: "admin"),
            networking: networking,
            identity: try identityConfig(identity),
            servicePassword: try identity.value["service_password"] == nil ? nil : identity.string("service_password", default: ""))
        config.compute = try computeConfig(root)
        let image = try root.section("image", allowed: ["directory"])
        if let directory = image.value["directory"], !directory.isNull {
            let path = try image.string("directory", default: "")
            guard !path.isEmpty else { throw ConfigError("\(image.join("directory")): must not be empty") }
            config.images.directory = path
        }
        return config
    }

    private static func computeConfig(_ root: ConfigNode) throws -> ComputeConfig {
        let pci = try root.section("pci", allowed: ["device_spec", "alias", "exclude_devices"])
        let scheduler = try root.section("scheduler", allowed: ["weigher", "host_down_time"])
        let compute = try root.section("compute", allowed: ["wait_for_agent", "build_lease", "force_config_drive"])
        // Entries may be the JSON strings operators paste from nova.conf, or YAML mappings.
        func entries(_ key: String) throws -> [String] {
            guard let value = pci.value[key], !value.isNull else { return [] }
            guard let items = value.arrayValue else { throw ConfigError("\(pci.join(key)): expected a list") }
            return items.map { $0.stringValue ?? JSONWriter.string($0) }
        }
        do {
            let specs = try DeviceSpecList.parse(values: try entries("device_spec"), exclusions: try pci.list("exclude_devices", default: []))
            let aliases = try PCIAliasTable.parse(values: try entries("alias"))
            let weigher = try HostWeigher(parsing: try scheduler.string("weigher", default: "pack"))
            let downTime = try scheduler.int("host_down_time", default: 300)
            guard downTime > 0 else { throw ConfigError("scheduler.host_down_time: must be positive") }
            var config = ComputeConfig(deviceSpecs: specs, aliases: aliases, weigher: weigher, hostDownTime: Int64(downTime))
            config.waitForAgent = try compute.bool("wait_for_agent", default: true)
            let lease = try compute.int("build_lease", default: 30)
            guard (2...3600).contains(lease) else { throw ConfigError("compute.build_lease: must be 2 to 3600 seconds") }
            config.buildLease = Int64(lease)
            config.forceConfigDrive = try compute.bool("force_config_drive", default: false)
            return config
        } catch let error as PatchbayError {
            throw ConfigError("pci: \(error.message)")
        }
    }

    private static func identityConfig(_ node: ConfigNode) throws -> IdentityConfig {
        let expiration = try node.int("token_expiration", default: 3600)
        guard expiration > 0 else { throw ConfigError("identity.token_expiration: must be positive") }
        let cost = try node.int("password_hash_cost", default: 15)
        guard (10...20).contains(cost) else { throw ConfigError("identity.password_hash_cost: must be 10-20 (log2 of scrypt's N)") }
        func url(_ key: String) throws -> String? {
            guard node.value[key] != nil else { return nil }
            let value = try node.string(key, default: "")
            guard value.hasPrefix("http://") || value.hasPrefix("https://") else {
                throw ConfigError("\(node.join(key)): '\(value)' is not an http(s) URL")
            }
            return value
        }
        var config = IdentityConfig(tokenExpiration: Int64(expiration), passwordLogCost: cost,
                                    region: try node.string("region", default: "RegionOne"), publicURL: try url("public_url"),
                                    internalURL: try url("internal_url"), adminURL: try url("admin_url"),
                                    serviceUserName: try node.string("service_user", default: "patchbay"))
        try loginLimits(node, into: &config)
        return config
    }

    /// The failed-login limits and the hashing threads; each count may be 0 (off, or for the
    /// workers: one less than the cores), each duration must be positive.
    private static func loginLimits(_ node: ConfigNode, into config: inout IdentityConfig) throws {
        func number(_ key: String, _ fallback: Int, _ range: ClosedRange<Int>, _ rule: String) throws -> Int {
            let value = try node.int(key, default: fallback)
            guard range.contains(value) else { throw ConfigError("\(node.join(key)): must be \(rule)") }
            return value
        }
        let day = 86_400
        config.lockoutFailureAttempts = try number("lockout_failure_attempts", 6, 0...1_000, "0 (off) to 1000")
        config.lockoutDuration = Int64(try number("lockout_duration", 1800, 1...day, "1-\(day) seconds"))
        config.addressFailureLimit = try number("address_failure_limit", 30, 0...100_000, "0 (off) to 100000")
        config.addressFailureWindow = Int64(try number("address_failure_window", 60, 1...day, "1-\(day) seconds"))
        config.passwordHashWorkers = try number("password_hash_workers", 0, 0...64, "0 (one less than the cores) to 64")
    }

    private static func portProfiles(_ root: ConfigNode) throws -> [String: PortProfile] {
        guard let items = root.value["port_profiles"], !items.isNull else { return [:] }
        guard let list = items.arrayValue else { throw ConfigError("port_profiles: expected a list") }
        var profiles: [String: PortProfile] = [:]
        for (index, item) in list.enumerated() {
            guard let id = item["id"]?.stringValue, !id.isEmpty else { throw ConfigError("port_profiles[\(index)]: 'id' is required") }
            if let unknown = item.objectValue?.keys.sorted().first(where: { !["id", "vlan"].contains($0) }) {
                throw ConfigError("port_profiles[\(index)].\(unknown): unknown setting (known: id, vlan)")
            }
            let vlan = item["vlan"]?.intValue
            if let given = item["vlan"], !given.isNull, vlan == nil {
                throw ConfigError("port_profiles[\(index)].vlan: expected an integer")
            }
            if let vlan, !(1...4094).contains(vlan) { throw ConfigError("port_profiles[\(index)].vlan: \(vlan) is outside 1-4094") }
            guard profiles[id] == nil else { throw ConfigError("port_profiles[\(index)]: duplicate id '\(id)'") }
            profiles[id] = PortProfile(id: id, vlan: vlan)
        }
        return profiles
    }
}
