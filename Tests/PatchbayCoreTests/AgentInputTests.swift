import Testing
@testable import PatchbayCore

@Suite("AgentInput: the checks on what host agents report")
struct AgentInputTests {
    @Test("usable tunnel endpoints are accepted and stored canonically", arguments: [
        ("192.0.2.11", "192.0.2.11"), ("10.1.2.3", "10.1.2.3"), ("172.16.0.1", "172.16.0.1"), ("203.0.113.5", "203.0.113.5"),
        ("2001:DB8::1", "2001:db8::1"), ("fd00::a", "fd00::a"), ("1.0.0.0", "1.0.0.0"), ("223.255.255.254", "223.255.255.254"),
    ])
    func tunnelingIP(text: String, canonical: String) throws {
        #expect(try AgentInput.tunnelingIP(text, field: "tunneling_ip").description == canonical)
    }

    @Test("unusable tunnel endpoints are refused with the reason", arguments: [
        ("0.0.0.0", "unspecified"), ("::", "unspecified"), ("127.0.0.1", "loopback"), ("127.255.0.9", "loopback"),
        ("::1", "loopback"), ("224.0.0.1", "multicast"), ("239.1.1.1", "multicast"), ("ff02::1", "multicast"),
        ("255.255.255.255", "the broadcast address"), ("240.0.0.1", "reserved"), ("169.254.1.1", "link-local"),
        ("fe80::1", "link-local"), ("febf::1", "link-local"), ("0.1.2.3", "this network"), ("::ffff:10.0.0.1", "IPv4-mapped"),
        ("10.0.0.1/24", "is not an IPv4 or IPv6 address"), ("fe80::1%eth0", "is not an IPv4 or IPv6 address"),
        ("", "is not an IPv4 or IPv6 address"),
    ])
    func tunnelingIP_Fails(text: String, reason: String) {
        #expect { try AgentInput.tunnelingIP(text, field: "configurations.tunneling_ip") } throws: { error in
            let message = (error as? PatchbayError)?.message ?? ""
            return message.contains("configurations.tunneling_ip") && message.contains(reason)
        }
    }

    @Test("DNS-style host names are accepted", arguments: [
        "compute-1", "h1", "cli-host", "Compute-1.rack7.example.net", "a", String(repeating: "a", count: 63),
        ([String](repeating: String(repeating: "b", count: 63), count: 3) + [String(repeating: "c", count: 61)]).joined(separator: "."),
    ])
    func hostName(text: String) throws {
        #expect(try AgentInput.hostName(text, field: "host") == text)
    }

    @Test("anything else as a host name is refused", arguments: [
        "", "-lead", "trail-", "under_score", "sp ace", "dot..dot", ".lead", "trail.", "host/x", "host:x", "ünï",
        String(repeating: "a", count: 64),
        ([String](repeating: String(repeating: "b", count: 63), count: 3) + [String(repeating: "c", count: 62)]).joined(separator: "."),
    ])
    func hostName_Fails(text: String) {
        #expect(throws: PatchbayError.self) { try AgentInput.hostName(text, field: "agent.host") }
        #expect(!AgentInput.isHostName(text))
    }

    @Test("ids must be UUIDs and the message names the index", arguments: [
        (JSONValue.array(["s1"]), "running[0] 's1' is not a UUID"),
        (JSONValue.array(["0f6c7a58-3c4b-4a43-9c7e-2f5d9b0e1a77", "0f6c7a58-3c4b-4a43-9c7e-2f5d9b0e1a7"]), "running[1]"),
        (JSONValue.array([1]), "'running' must be a list of server ids"),
        (JSONValue.string("0f6c7a58-3c4b-4a43-9c7e-2f5d9b0e1a77"), "'running' must be a list of server ids"),
    ])
    func ids_Fails(value: JSONValue, message: String) {
        #expect { try AgentInput.ids(value, field: "running", kind: "server ids") } throws: { error in
            ((error as? PatchbayError)?.message ?? "").contains(message)
        }
    }

    @Test("inventory devices name the entry and field that is wrong", arguments: [
        (["address": "0000:81:00.0", "vendor_id": "80866", "product_id": "1572", "type": "type-PF"], "pci_devices[0].vendor_id"),
        (["address": "0000:81:00.0", "vendor_id": "8086", "product_id": "zzzz", "type": "type-PF"], "pci_devices[0].product_id"),
        (["address": "81:00", "vendor_id": "8086", "product_id": "1572", "type": "type-PF"], "pci_devices[0].address"),
        (["address": "0000:81:00.0", "vendor_id": "8086", "product_id": "1572", "type": "type-PF", "numa_node": -1],
         "pci_devices[0].numa_node"),
        (["address": "0000:81:00.0", "vendor_id": "8086", "product_id": "1572", "type": "type-PF", "netdev": "a/b"],
         "pci_devices[0].netdev"),
        (["address": "0000:81:00.0", "vendor_id": "8086", "product_id": "1572", "type": "type-PF", "pf_mac_address": "xx"],
         "pci_devices[0].pf_mac_address"),
        (["address": "0000:81:02.0", "vendor_id": "8086", "product_id": "154c", "type": "type-VF", "vf_num": 70_000],
         "pci_devices[0].vf_num"),
        (["address": "0000:81:02.0", "vendor_id": "8086", "product_id": "154c", "type": "type-VF", "parent_address": "x"],
         "pci_devices[0].parent_address"),
    ] as [(JSONValue, String)])
    func inventoryDevices_Fails(device: JSONValue, field: String) {
        #expect { try AgentInput.inventoryDevices(.array([device])) } throws: { error in
            ((error as? PatchbayError)?.message ?? "").contains(field)
        }
    }

    @Test func mappingsAreCheckedAndTakenOutOfTheConfigurations() throws {
        var configurations: [String: JSONValue] = [
            "device_mappings": ["physnet1": ["ens1f0", "ens1f1"]], "bridge_mappings": ["physnet2": "br-eth1"],
            "exclude_devices": ["ens1f0": "0000:81:02.7"], "tunneling_ip": "2001:DB8::5", "pf_health": [:],
        ]
        let mappings = try AgentInput.mappings(&configurations)
        #expect(mappings.deviceMappings == ["physnet1": ["ens1f0", "ens1f1"]])
        #expect(mappings.bridgeMappings == ["physnet2": "br-eth1"])
        #expect(mappings.excludeDevices == ["ens1f0": ["0000:81:02.7"]])
        let extra = try AgentInput.extraConfigurations(configurations)
        #expect(extra == ["tunneling_ip": "2001:db8::5", "pf_health": [:]])
    }

    @Test("malformed mappings name the field", arguments: [
        (["device_mappings": ["physnet1": "bad/if"]], "configurations.device_mappings.physnet1 'bad/if'"),
        (["device_mappings": ["physnet1": [7]]], "configurations.device_mappings.physnet1[0] must be a string"),
        (["interface_mappings": ["physnet1": 7]], "configurations.interface_mappings.physnet1 must be a string"),
        (["bridge_mappings": ["phys net": "br0"]], "configurations.bridge_mappings key 'phys net'"),
        (["bridge_mappings": ["physnet1": "a-very-long-bridge-name"]], "configurations.bridge_mappings.physnet1"),
        (["exclude_devices": ["ens1f0": ["0000:81:02"]]], "configurations.exclude_devices.ens1f0[0] must be a PCI address"),
        (["device_mappings": ["physnet1", "ens1f0"]], "configurations.device_mappings must be an object"),
    ] as [([String: JSONValue], String)])
    func mappings_Fails(configurations: [String: JSONValue], message: String) {
        var configurations = configurations
        #expect { try AgentInput.mappings(&configurations) } throws: { error in
            ((error as? PatchbayError)?.message ?? "").contains(message)
        }
    }
}
