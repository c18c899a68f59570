import PatchbayAPI
import PatchbayCore
import Testing

/// `ServerConfig.load`: the built-in defaults, the accepted spellings, and a ConfigError naming
/// the setting path and the reason for every invalid entry.
@Suite("Server config loading")
struct ServerConfigTests {
    @Test("the built-in default config loads with physnet1 100-199, VNIs 1000-1999 and [vlan, vxlan]")
    func defaultConfig() throws {
        let config = try ServerConfig.load(yaml: ServerConfig.defaultYAML)
        let drivers = config.networking.typeDrivers
        #expect(drivers.vlanRanges == [VlanRange(physnet: "physnet1", range: 100...199)])
        #expect(drivers.vniRanges == [1000...1999])
        #expect(drivers.projectNetworkTypes == [.vlan, .vxlan])
        #expect(drivers.flatNetworks == .any)
        #expect(config.networking.mechanismDrivers == ["sriovnicswitch", "macvtap", "linuxbridge"])
        #expect(config.networking.baseMAC == "fa:16:3e:00:00:00")
        #expect(config.networking.globalPhysnetMTU == 1500)
        #expect(config.networking.agentDownTime == 75)
        #expect(config.networking.portProfiles.isEmpty)
        #expect(config.listen == "127.0.0.1:9696")
        #expect(config.database == "patchbay.sqlite")
        #expect(!config.noauth, "noauth must be asked for explicitly")
        #expect(config.noauthProjectId == "admin")
    }

    @Test("an empty file takes every built-in default")
    func emptyConfigIsDefault() throws {
        let empty = try ServerConfig.load(yaml: "")
        let builtIn = try ServerConfig.load(yaml: ServerConfig.defaultYAML)
        #expect(empty.networking.typeDrivers == builtIn.networking.typeDrivers)
        #expect(empty.networking.mechanismDrivers == builtIn.networking.mechanismDrivers)
        #expect(empty.listen == builtIn.listen)
    }

    @Test("lists may be comma strings or YAML lists, and tenant_network_types is an alias", arguments: [
        ("ml2:\n  project_network_types: vxlan, vlan", [NetworkType.vxlan, .vlan]),
        ("ml2:\n  project_network_types: [vxlan, vlan]", [.vxlan, .vlan]),
        ("ml2:\n  project_network_types:\n    - vlan\n    - flat", [.vlan, .flat]),
        ("ml2:\n  project_network_types: ' vxlan ,vxlan, vlan '", [.vxlan, .vlan]),
        ("ml2:\n  tenant_network_types: vxlan", [.vxlan]),
        ("ml2:\n  tenant_network_types: [flat]", [.flat]),
        ("ml2:\n  project_network_types: vlan\n  tenant_network_types: vxlan", [.vlan]),
        ("ml2:\n  project_network_types: []", []),
    ])
    func projectNetworkTypeForms(yaml: String, expected: [NetworkType]) throws {
        #expect(try ServerConfig.load(yaml: yaml).networking.typeDrivers.projectNetworkTypes == expected)
    }

    @Test("a lone range is read as text, not as a YAML 1.1 base-60 number", arguments: [
        ("ml2:\n  vni_ranges: 1:59", "ml2:\n  network_vlan_ranges: physnet1:1:59"),
        ("ml2:\n  vni_ranges: 10:20", "ml2:\n  network_vlan_ranges: physnet1:10:20"),
    ])
    func loneRangeIsText(vni: String, vlan: String) throws {
        let bounds = try #require(vni.split(separator: " ").last?.split(separator: ":").compactMap { Int($0) })
        #expect(try ServerConfig.load(yaml: vni).networking.typeDrivers.vniRanges == [bounds[0]...bounds[1]])
        #expect(try ServerConfig.load(yaml: vlan).networking.typeDrivers.vlanRanges
            == [VlanRange(physnet: "physnet1", range: bounds[0]...bounds[1])])
    }

    @Test("ranges and drivers accept both list forms", arguments: [
        "ml2:\n  network_vlan_ranges: physnet1:10:20, physnet2\n  vni_ranges: 5:9, 100:100\n  mechanism_drivers: macvtap, sriovnicswitch",
        "ml2:\n  network_vlan_ranges: [\"physnet1:10:20\", physnet2]\n  vni_ranges: [\"5:9\", \"100:100\"]\n  mechanism_drivers: [macvtap, sriovnicswitch]",
    ])
    func rangeListForms(yaml: String) throws {
        let config = try ServerConfig.load(yaml: yaml)
        #expect(config.networking.typeDrivers.vlanRanges == [VlanRange(physnet: "physnet1", range: 10...20),
                                                              VlanRange(physnet: "physnet2", range: 1...4094)])
        #expect(config.networking.typeDrivers.vniRanges == [5...9, 100...100])
        #expect(config.networking.mechanismDrivers == ["macvtap", "sriovnicswitch"])
    }

    @Test("other settings: listen, flat networks, MTU, agent down time and port profiles")
    func explicitSettings() throws {
        let config = try ServerConfig.load(yaml: """
            server:
              listen: "[::1]:9797"
              database: /var/lib/patchbay/db.sqlite
            auth:
              noauth_project_id: ops
            ml2:
              flat_networks: physnet3, physnet3, physnet4
              global_physnet_mtu: 9000
              base_mac: "fa:16:3e:4f:00:00"
            agents:
              agent_down_time: 30
            port_profiles:
              - id: gold
                vlan: 200
              - id: silver
            """)
        #expect(config.listen == "[::1]:9797")
        let (host, port) = try PatchbayServer.parseListen(config.listen)
        #expect(host == "::1" && port == 9797)
        #expect(config.database == "/var/lib/patchbay/db.sqlite")
        #expect(config.noauthProjectId == "ops")
        #expect(config.networking.typeDrivers.flatNetworks == .only(["physnet3", "physnet4"]))
        #expect(config.networking.globalPhysnetMTU == 9000)
        #expect(config.networking.baseMAC == "fa:16:3e:4f:00:00")
        #expect(config.networking.agentDownTime == 30)
        #expect(config.networking.portProfiles == ["gold": PortProfile(id: "gold", vlan: 200), "silver": PortProfile(id: "silver")])
    }

    /// An invalid document and the fragments its error must contain: the setting path, then the reason.
    struct Invalid: Sendable, CustomTestStringConvertible {
        let name: String
        let yaml: String
        let path: String
        let reason: String
        var testDescription: String { name }
    }

    static let invalid: [Invalid] = [
        Invalid(name: "unknown section", yaml: "bogus: {}", path: "bogus:", reason: "unknown section"),
        Invalid(name: "unknown ml2 key", yaml: "ml2:\n  vlan_ranges: [x]", path: "ml2.vlan_ranges:", reason: "unknown setting"),
        Invalid(name: "unknown server key", yaml: "server:\n  port: 9696", path: "server.port:", reason: "unknown setting"),
        Invalid(name: "section not a mapping", yaml: "ml2: 5", path: "ml2:", reason: "expected a mapping"),
        Invalid(name: "document not a mapping", yaml: "- ml2", path: "config file", reason: "must be a mapping"),
        Invalid(name: "not YAML", yaml: "ml2: [", path: "config file", reason: "not valid YAML"),
        Invalid(name: "vlan id 0", yaml: "ml2:\n  network_vlan_ranges: [\"physnet1:0:10\"]",
                path: "ml2.network_vlan_ranges:", reason: "VLAN id 0 is outside 1 through 4094"),
        Invalid(name: "vlan min above max", yaml: "ml2:\n  network_vlan_ranges: physnet1:200:100",
                path: "ml2.network_vlan_ranges:", reason: "minimum 200 is greater than maximum 100"),
        Invalid(name: "vlan range missing max", yaml: "ml2:\n  network_vlan_ranges: physnet1:100",
                path: "ml2.network_vlan_ranges:", reason: "expected 'physnet' or 'physnet:min:max'"),
        Invalid(name: "vni not min:max", yaml: "ml2:\n  vni_ranges: [\"1000\"]", path: "ml2.vni_ranges:", reason: "expected 'min:max'"),
        Invalid(name: "vni above 24 bits", yaml: "ml2:\n  vni_ranges: 1:16777216",
                path: "ml2.vni_ranges:", reason: "VNI 16777216 is outside 1 through 16777215"),
        Invalid(name: "vni not a number", yaml: "ml2:\n  vni_ranges: a:b", path: "ml2.vni_ranges:", reason: "VNI 'a' is not a number"),
        Invalid(name: "unknown network type", yaml: "ml2:\n  project_network_types: vlan, gre",
                path: "ml2.project_network_types:", reason: "'gre' is not a known network type"),
        Invalid(name: "unknown network type via alias", yaml: "ml2:\n  tenant_network_types: geneve",
                path: "ml2.tenant_network_types:", reason: "'geneve' is not a known network type"),
        Invalid(name: "unknown mechanism driver", yaml: "ml2:\n  mechanism_drivers: sriovnicswitch, openvswitch",
                path: "ml2.mechanism_drivers:", reason: "unknown mechanism driver 'openvswitch'"),
        Invalid(name: "bad base_mac", yaml: "ml2:\n  base_mac: \"zz:16:3e:00:00:00\"", path: "ml2.base_mac:", reason: "is not a MAC address"),
        Invalid(name: "short base_mac", yaml: "ml2:\n  base_mac: \"fa:16:3e\"", path: "ml2.base_mac:", reason: "is not a MAC address"),
        Invalid(name: "MTU too small", yaml: "ml2:\n  global_physnet_mtu: 40", path: "ml2.global_physnet_mtu:", reason: "at least 68"),
        Invalid(name: "MTU not a number", yaml: "ml2:\n  global_physnet_mtu: big", path: "ml2.global_physnet_mtu:", reason: "expected an integer"),
        Invalid(name: "agent down time zero", yaml: "agents:\n  agent_down_time: 0", path: "agents.agent_down_time:", reason: "must be positive"),
        Invalid(name: "noauth not a flag", yaml: "auth:\n  noauth: maybe", path: "auth.noauth:", reason: "expected true or false"),
        Invalid(name: "listen without port", yaml: "server:\n  listen: localhost", path: "server.listen:", reason: "is not HOST:PORT"),
        Invalid(name: "listen port too big", yaml: "server:\n  listen: \"127.0.0.1:70000\"", path: "server.listen:", reason: "is not HOST:PORT"),
        Invalid(name: "listen without host", yaml: "server:\n  listen: \":9696\"", path: "server.listen:", reason: "has no host"),
        Invalid(name: "profile vlan out of range", yaml: "port_profiles:\n  - {id: gold, vlan: 5000}",
                path: "port_profiles[0].vlan:", reason: "5000 is outside 1-4094"),
        Invalid(name: "profile vlan zero", yaml: "port_profiles:\n  - {id: gold, vlan: 0}", path: "port_profiles[0].vlan:", reason: "outside 1-4094"),
        Invalid(name: "profile vlan not a number", yaml: "port_profiles:\n  - {id: gold, vlan: blue}",
                path: "port_profiles[0].vlan:", reason: "expected an integer"),
        Invalid(name: "duplicate profile id", yaml: "port_profiles:\n  - {id: gold, vlan: 10}\n  - {id: gold}",
                path: "port_profiles[1]:", reason: "duplicate id 'gold'"),
        Invalid(name: "profile without id", yaml: "port_profiles:\n  - {vlan: 10}", path: "port_profiles[0]:", reason: "'id' is required"),
        Invalid(name: "profile unknown key", yaml: "port_profiles:\n  - {id: gold, qos: high}",
                path: "port_profiles[0].qos:", reason: "unknown setting"),
        Invalid(name: "profiles not a list", yaml: "port_profiles: gold", path: "port_profiles:", reason: "expected a list"),
        Invalid(name: "tap quota below -1", yaml: "quotas:\n  tap_flow: -2", path: "quotas.tap_flow:", reason: "must be -1 (unlimited)"),
        Invalid(name: "unknown quota", yaml: "quotas:\n  network: 10", path: "quotas.network:", reason: "unknown setting"),
    ]

    @Test("each invalid entry fails with a ConfigError naming the setting and the reason", arguments: invalid)
    func invalidEntry_Fails(_ entry: Invalid) {
        #expect {
            _ = try ServerConfig.load(yaml: entry.yaml)
        } throws: { error in
            guard let error = error as? ConfigError else {
                Issue.record("\(entry.name): expected ConfigError, got \(type(of: error)): \(error)")
                return false
            }
            let text = error.description
            let pathFirst = text.range(of: entry.path).map { path in
                text.range(of: entry.reason).map { path.lowerBound <= $0.lowerBound } ?? false
            } ?? false
            if !pathFirst { Issue.record("\(entry.name): '\(text)' lacks '\(entry.path)' followed by '\(entry.reason)'") }
            return pathFirst
        }
    }
}
