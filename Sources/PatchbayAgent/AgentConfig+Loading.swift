import PatchbayConfig
import PatchbayCore

extension AgentConfig {
    /// Parses the agent's YAML file. Sections, with Neutron's names where they exist:
    ///
    /// ```yaml
    /// agent: {server, host, report_interval, poll_interval, state_dir, sysfs_root, libvirt_uri,
    ///         namespace, bpf_dir, vcpus, memory_mb, max_teardown, instances_path, virt_type,
    ///         image_cache_max_mb}
    /// auth: {auth_url, username, password, project_name, user_domain_name, project_domain_name}
    /// sriov_nic: {physical_device_mappings: ["physnet1:ens1f0"], exclude_devices: ["ens1f0:0000:07:00.2;0000:07:00.3"]}
    /// macvtap: {physical_interface_mappings: ["physnet1:eth1"]}
    /// linux_bridge: {bridge_mappings: ["physnet1:eth1"]}
    /// vxlan: {local_ip: 192.0.2.1, interface: eth0}
    /// ```
    ///
    /// `server` and `host` may come from the command line instead; errors name the setting.
    public static func load(yaml: String, server: String? = nil, host: String? = nil) throws -> AgentConfig {
        let root = try ConfigNode.parse(yaml: yaml)
        try root.checkKeys(["agent", "auth", "sriov_nic", "macvtap", "linux_bridge", "vxlan"])
        let agent = try root.section("agent", allowed: ["server", "host", "report_interval", "poll_interval", "state_dir",
                                                        "sysfs_root", "libvirt_uri", "namespace", "bpf_dir", "vcpus", "memory_mb",
                                                        "max_teardown", "instances_path", "virt_type", "image_cache_max_mb"])
        guard let serverURL = try server ?? optionalString(agent, "server") else { throw ConfigError("agent.server: required (or --server)") }
        guard serverURL.hasPrefix("http://") || serverURL.hasPrefix("https://") else {
            throw ConfigError("agent.server: '\(serverURL)' is not an http(s) URL")
        }
        guard let hostName = try host ?? optionalString(agent, "host"), !hostName.isEmpty else {
            throw ConfigError("agent.host: required (or --host)")
        }
        var config = AgentConfig(serverURL: serverURL, host: hostName)
        config.reportInterval = Double(try agent.int("report_interval", default: 30))
        config.pollInterval = Double(try agent.int("poll_interval", default: 2))
        guard config.reportInterval > 0, config.pollInterval > 0 else {
            throw ConfigError("agent.report_interval and agent.poll_interval: must be positive")
        }
        config.stateDirectory = try agent.string("state_dir", default: config.stateDirectory)
        config.sysfsRoot = try agent.string("sysfs_root", default: config.sysfsRoot)
        config.libvirtURI = try agent.string("libvirt_uri", default: config.libvirtURI)
        config.namespace = try optionalString(agent, "namespace")
        config.programDirectory = try agent.string("bpf_dir", default: config.programDirectory)
        config.vcpus = try agent.int("vcpus", default: 0)
        config.memoryMB = try agent.int("memory_mb", default: 0)
        config.maxTeardown = try agent.int("max_teardown", default: config.maxTeardown)
        guard config.maxTeardown >= 0 else { throw ConfigError("agent.max_teardown: must be 0 or more") }
        config.instancesPath = try optionalString(agent, "instances_path")
        if let path = config.instancesPath, !path.hasPrefix("/") {
            throw ConfigError("agent.instances_path: '\(path)' is not an absolute path")
        }
        if let type = try optionalString(agent, "virt_type") {
            guard let parsed = DomainDefinition.VirtType(rawValue: type) else {
                throw ConfigError("agent.virt_type: '\(type)' is not kvm or qemu")
            }
            config.virtType = parsed
        }
        let cacheMB = try agent.int("image_cache_max_mb", default: Int(config.imageCacheMaxBytes >> 20))
        guard cacheMB >= 0 else { throw ConfigError("agent.image_cache_max_mb: must be 0 or more") }
        config.imageCacheMaxBytes = Int64(cacheMB) << 20
        config.credentials = try credentials(root, serverURL: serverURL)
        config.mappings = try mappings(root)
        let vxlan = try root.section("vxlan", allowed: ["local_ip", "interface"])
        config.tunnelingIP = try optionalString(vxlan, "local_ip")
        config.tunnelInterface = try optionalString(vxlan, "interface")
        return config
    }

    private static func optionalString(_ node: ConfigNode, _ key: String) throws -> String? {
        guard let value = node.value[key], !value.isNull else { return nil }
        return try node.string(key, default: "")
    }

    private static func credentials(_ root: ConfigNode, serverURL: String) throws -> AgentCredentials? {
        let auth = try root.section("auth", allowed: ["auth_url", "username", "password", "project_name",
                                                      "user_domain_name", "project_domain_name"])
        guard let username = try optionalString(auth, "username") else { return nil }
        guard let password = try optionalString(auth, "password") else { throw ConfigError("auth.password: required with auth.username") }
        let base = serverURL.hasSuffix("/") ? String(serverURL.dropLast()) : serverURL
        return AgentCredentials(authURL: try auth.string("auth_url", default: base + "/identity/v3"), username: username,
                                password: password, projectName: try auth.string("project_name", default: "service"),
                                userDomainName: try auth.string("user_domain_name", default: "Default"),
                                projectDomainName: try auth.string("project_domain_name", default: "Default"))
    }

    private static func mappings(_ root: ConfigNode) throws -> AgentMappings {
        let sriov = try root.section("sriov_nic", allowed: ["physical_device_mappings", "exclude_devices"])
        let macvtap = try root.section("macvtap", allowed: ["physical_interface_mappings"])
        let bridge = try root.section("linux_bridge", allowed: ["bridge_mappings"])
        var devices: [String: [String]] = [:]
        for (physnet, pf) in try pairs(sriov, "physical_device_mappings") { devices[physnet, default: []].append(pf) }
        var excluded: [String: [String]] = [:]
        for (pf, list) in try pairs(sriov, "exclude_devices") {
            let addresses = list.split(separator: ";").map { Substring($0).trimmingSpaces() }
            if let bad = addresses.first(where: { PCIAddress($0) == nil }) {
                throw ConfigError("sriov_nic.exclude_devices: '\(bad)' (for \(pf)) is not a PCI address such as 0000:81:02.7")
            }
            excluded[pf, default: []] += addresses
        }
        return AgentMappings(deviceMappings: devices,
                             interfaceMappings: Dictionary(try pairs(macvtap, "physical_interface_mappings"), uniquingKeysWith: { a, _ in a }),
                             bridgeMappings: Dictionary(try pairs(bridge, "bridge_mappings"), uniquingKeysWith: { a, _ in a }),
                             excludeDevices: excluded)
    }

    /// `["a:b", …]` as pairs split at the first colon; fails naming the entry without one.
    private static func pairs(_ node: ConfigNode, _ key: String) throws -> [(String, String)] {
        try node.list(key, default: []).map { entry in
            guard let colon = entry.firstIndex(of: ":"), colon != entry.startIndex, entry.index(after: colon) != entry.endIndex else {
                throw ConfigError("\(node.join(key)): '\(entry)' must be NAME:VALUE")
            }
            return (String(entry[..<colon]), String(entry[entry.index(after: colon)...]))
        }
    }
}
