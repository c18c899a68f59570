import PatchbayAgent
import PatchbayAPI
import PatchbayCore
import Testing

@Suite("The agent's config file: Neutron's names, defaults, and errors that name the setting")
struct AgentConfigTests {
    @Test func readsEverySectionWithNeutronsNames() throws {
        let config = try AgentConfig.load(yaml: """
            agent: {server: "http://127.0.0.1:9696/", host: c1, poll_interval: 5}
            auth: {username: patchbay, password: pw}
            sriov_nic:
              physical_device_mappings: ["physnet1:ens1f0", "physnet1:ens1f1"]
              exclude_devices: ["ens1f0:0000:81:02.6; 0000:81:02.7"]
            macvtap: {physical_interface_mappings: ["physnet2:eth2"]}
            linux_bridge: {bridge_mappings: ["physnet1:eth1"]}
            vxlan: {local_ip: 192.0.2.11}
            """)
        #expect(config.host == "c1" && config.pollInterval == 5 && config.reportInterval == 30)
        #expect(config.credentials?.authURL == "http://127.0.0.1:9696/identity/v3")
        #expect(config.credentials?.projectName == "service")
        #expect(config.mappings == AgentMappings(deviceMappings: ["physnet1": ["ens1f0", "ens1f1"]],
                                                 interfaceMappings: ["physnet2": "eth2"], bridgeMappings: ["physnet1": "eth1"],
                                                 excludeDevices: ["ens1f0": ["0000:81:02.6", "0000:81:02.7"]]))
        #expect(config.tunnelingIP == "192.0.2.11")
        #expect(config.maxTeardown == 5 && !config.allowTeardown)
        #expect(try AgentConfig.load(yaml: "agent: {server: \"http://x\", host: c1, max_teardown: 0}").maxTeardown == 0)
        #expect(try AgentConfig.load(yaml: "", server: "http://h:1", host: "c2").host == "c2")
    }

    @Test(arguments: [
        ("agent: {host: c1}", "agent.server: required (or --server)"),
        ("agent: {server: \"ftp://x\", host: c1}", "agent.server: 'ftp://x' is not an http(s) URL"),
        ("agent: {server: \"http://x\"}", "agent.host: required (or --host)"),
        ("agent: {server: \"http://x\", host: c1, colour: red}", "agent.colour: unknown setting"),
        ("agent: {server: \"http://x\", host: c1}\nauth: {username: u}", "auth.password: required with auth.username"),
        ("agent: {server: \"http://x\", host: c1}\nlinux_bridge: {bridge_mappings: [physnet1]}",
         "linux_bridge.bridge_mappings: 'physnet1' must be NAME:VALUE"),
        ("agent: {server: \"http://x\", host: c1}\nsriov_nic: {exclude_devices: [\"ens1f0:zz\"]}",
         "sriov_nic.exclude_devices: 'zz' (for ens1f0) is not a PCI address"),
        ("agents: {}", "agents: unknown section"),
        ("agent: {server: \"http://x\", host: c1, max_teardown: -1}", "agent.max_teardown: must be 0 or more"),
        ("agent: {server: \"http://x\", host: c1, max_teardown: many}", "agent.max_teardown"),
    ])
    func badSettingsAreRefusedNamingThem_Fails(yaml: String, message: String) {
        #expect {
            try AgentConfig.load(yaml: yaml)
        } throws: { error in
            "\(error)".contains(message)
        }
    }
}
