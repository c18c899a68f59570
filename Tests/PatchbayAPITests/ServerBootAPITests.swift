import Foundation
import PatchbayAPI
import PatchbayCore
import PatchbayTesting
import Testing

/// Helpers for the boot, rollback and race suites: VLAN networks, pre-created ports, domain XML.
enum ServerBootAPI {
    typealias C = ComputeAPI

    /// A config whose VLAN ranges also cover physnet2 (for networks no host's VF is tagged with).
    static func yaml(deviceSpecs: [String] = [C.vfSpec, C.pfSpec], aliases: [String] = []) -> String {
        C.yaml(deviceSpecs: deviceSpecs, aliases: aliases)
            .replacingOccurrences(of: #"network_vlan_ranges: ["physnet1:100:199"]"#,
                                  with: #"network_vlan_ranges: ["physnet1:100:199", "physnet2:200:299"]"#)
    }

    /// A VLAN network on `physnet` with one subnet; returns (network id, segmentation id).
    static func vlanNetwork(_ client: APIClient, physnet: String = "physnet1", cidr: String = "10.0.0.0/24",
                            sourceLocation: SourceLocation = #_sourceLocation) async throws -> (String, Int) {
        let network = try await PortAPI.network(client, ["provider:network_type": "vlan", "provider:physical_network": .string(physnet)],
                                                sourceLocation: sourceLocation)
        let id = try #require(network["id"]?.stringValue, sourceLocation: sourceLocation)
        _ = try await PortAPI.subnet(client, network: id, cidr: cidr, sourceLocation: sourceLocation)
        return (id, try #require(network["provider:segmentation_id"]?.intValue, sourceLocation: sourceLocation))
    }

    /// Pre-creates a port with this vnic type and a user profile key; returns its id.
    static func port(_ client: APIClient, network: String, vnic: String = "direct",
                     profile: [String: JSONValue] = ["user_key": "kept"],
                     sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let port = try await PortAPI.port(client, network: network, ["binding:vnic_type": .string(vnic), "binding:profile": .object(profile)],
                                          sourceLocation: sourceLocation)
        return try #require(port["id"]?.stringValue, sourceLocation: sourceLocation)
    }

    /// The libvirt XML stored for a server (admin view).
    static func domainXML(_ client: APIClient, _ server: String,
                          sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let reply = try await client.get("\(C.patchbay)/servers/\(server)/domain")
        #expect(reply.status == 200, "domain: \(reply.json)", sourceLocation: sourceLocation)
        return try #require(reply.json["domain_xml"]?.stringValue, "no domain XML: \(reply.json)", sourceLocation: sourceLocation)
    }

    /// The `<address>` libvirt writes for a PCI address such as `0000:81:02.3` (typed inside `<interface>`).
    static func xmlAddress(_ pci: String, typed: Bool) -> String {
        let parts = pci.split(whereSeparator: { $0 == ":" || $0 == "." }).map(String.init)
        return "<address " + (typed ? "type='pci' " : "")
            + "domain='0x\(parts[0])' bus='0x\(parts[1])' slot='0x\(parts[2])' function='0x\(parts[3])'/>"
    }

    /// Asserts a port is unbound and carries none of the boot's profile keys, but still the user's.
    static func expectUnbound(_ client: APIClient, _ portId: String, userProfile: [String: JSONValue] = ["user_key": "kept"],
                              sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let port = try await PortAPI.showPort(client, portId, sourceLocation: sourceLocation)
        #expect(port["binding:host_id"] == "", "host of \(port)", sourceLocation: sourceLocation)
        #expect(port["device_id"] == "", sourceLocation: sourceLocation)
        #expect(port["binding:profile"] == .object(userProfile), "profile of \(port)", sourceLocation: sourceLocation)
    }
}

/// The boot flow over HTTP: VF, PF, trusted VF and flavor-alias claims, port binding and domain XML.
@Suite struct ServerBootAPITests {
    typealias C = ComputeAPI
    typealias B = ServerBootAPI

    @Test func directPort_BootsActive_BindsVF_RendersHostdevInterface() async throws {
        try await C.withServer { _, client in
            try await C.fixtureHost(client)
            let flavor = try await C.flavor(client)
            let (network, vlan) = try await B.vlanNetwork(client)
            let portId = try await B.port(client, network: network)
            let (id, server) = try await C.boot(client, flavor: flavor, networks: [["port": .string(portId)]])
            #expect(server["OS-EXT-SRV-ATTR:host"] == "compute1")

            let port = try await PortAPI.showPort(client, portId)
            #expect(port["binding:host_id"] == "compute1")
            #expect(port["device_id"] == .string(id))
            #expect(port["device_owner"] == "compute:nova")
            #expect(port["binding:vif_type"] == "hw_veb")
            #expect(port["binding:vif_details"]?["vlan"] == .string(String(vlan)))
            let profile = try #require(port["binding:profile"])
            let slot = try #require(profile["pci_slot"]?.stringValue)
            let vfNumber = try #require((0..<4).first { C.vfAddress($0) == slot }, "pci_slot \(slot) is not a fixture VF")
            #expect(profile == ["user_key": "kept", "pci_vendor_info": "8086:154c", "pci_slot": .string(slot),
                                "physical_network": "physnet1", "pf_mac_address": "3c:fd:fe:00:00:01", "vf_num": .int(vfNumber)])

            let devices = try await C.devices(client)
            #expect(devices[slot]?["state"] == "allocated")
            #expect(devices[slot]?["server_id"] == .string(id))
            #expect(devices[slot]?["port_id"] == .string(portId))
            #expect(devices[C.pfAddress]?["state"] == "unavailable")
            #expect(devices.values.filter { $0["state"] == "available" }.count == 3, "the other VFs stay free")

            let xml = try await B.domainXML(client, id)
            #expect(xml.contains("<interface type='hostdev' managed='yes'>"))
            #expect(xml.contains(B.xmlAddress(slot, typed: true)), "\(xml)")
            #expect(xml.contains("<vlan>") && xml.contains("<tag id='\(vlan)'/>"), "\(xml)")
            #expect(xml.contains("<mac address='\(port["mac_address"]?.stringValue ?? "?")'/>"))

            let interfaces = try await client.get("\(C.v21)/servers/\(id)/os-interface")
            #expect(interfaces.status == 200)
            let attached = interfaces.json["interfaceAttachments"]?.arrayValue ?? []
            #expect(attached.count == 1)
            #expect(attached.first?["port_id"] == .string(portId))
            #expect(attached.first?["net_id"] == .string(network))
        }
    }

    @Test func directPhysicalPort_ClaimsPF_MakesEveryVFUnavailable() async throws {
        try await C.withServer { _, client in
            try await C.fixtureHost(client)
            let flavor = try await C.flavor(client)
            let (network, _) = try await B.vlanNetwork(client)
            let portId = try await B.port(client, network: network, vnic: "direct-physical")
            let (id, _) = try await C.boot(client, flavor: flavor, networks: [["port": .string(portId)]])

            let port = try await PortAPI.showPort(client, portId)
            #expect(port["binding:vif_type"] == "hostdev_physical")
            #expect(port["binding:profile"]?["pci_slot"] == .string(C.pfAddress))
            #expect(port["binding:profile"]?["pci_vendor_info"] == "8086:1572")
            #expect(port["binding:profile"]?["user_key"] == "kept")
            let devices = try await C.devices(client)
            #expect(devices[C.pfAddress]?["state"] == "allocated")
            #expect(devices[C.pfAddress]?["server_id"] == .string(id))
            for number in 0..<4 { #expect(devices[C.vfAddress(number)]?["state"] == "unavailable", "VF \(number)") }
            let xml = try await B.domainXML(client, id)
            #expect(xml.contains("<hostdev mode='subsystem' type='pci' managed='yes'>"))
            #expect(xml.contains(B.xmlAddress(C.pfAddress, typed: false)), "\(xml)")
        }
    }

    /// A second PF `0000:82:00.0` whose four VFs a first-matching spec tags trusted.
    static let trustedSpec = #"{"vendor_id": "8086", "product_id": "154c", "address": "0000:82:*.*", "physical_network": "physnet1", "trusted": "true"}"#
    static let trustedPFSpec = #"{"address": "0000:82:00.0", "physical_network": "physnet1"}"#
    static func trustedDevices() -> [JSONValue] {
        let pf: JSONValue = ["address": "0000:82:00.0", "vendor_id": "8086", "product_id": "1572", "type": "type-PF",
                             "numa_node": 0, "netdev": "ens2f0", "pf_mac_address": "3c:fd:fe:00:00:02"]
        let vfs: [JSONValue] = (0..<4).map { number in
            ["address": .string("0000:82:02.\(number)"), "vendor_id": "8086", "product_id": "154c", "type": "type-VF",
             "parent_address": "0000:82:00.0", "numa_node": 0, "netdev": .string("ens2f0v\(number)"),
             "pf_mac_address": "3c:fd:fe:00:00:02", "vf_num": .int(number)]
        }
        return C.fixtureDevices(vfs: 4) + [pf] + vfs
    }

    @Test(arguments: [JSONValue.bool(true), .string("yes")])
    func trustedProfile_LandsOnTrustedVF(_ trusted: JSONValue) async throws {
        try await C.withServer(yaml: C.yaml(deviceSpecs: [Self.trustedSpec, C.vfSpec, C.pfSpec, Self.trustedPFSpec])) { _, client in
            try await C.reportHost(client, devices: Self.trustedDevices())
            try await C.registerAgents(client)
            let flavor = try await C.flavor(client)
            let (network, _) = try await B.vlanNetwork(client)
            let portId = try await B.port(client, network: network, profile: ["trusted": trusted])
            let (id, _) = try await C.boot(client, flavor: flavor, networks: [["port": .string(portId)]])
            let profile = try #require(try await PortAPI.showPort(client, portId)["binding:profile"])
            let slot = try #require(profile["pci_slot"]?.stringValue)
            #expect(slot.hasPrefix("0000:82:02."), "trusted request got \(slot)")
            #expect(profile["trusted"] == trusted, "the user's key stays")
            #expect(profile["pf_mac_address"] == "3c:fd:fe:00:00:02")
            let devices = try await C.devices(client)
            #expect(devices[slot]?["server_id"] == .string(id))
            #expect(devices["0000:82:00.0"]?["state"] == "unavailable")
            #expect(devices[C.pfAddress]?["state"] == "available", "the untrusted PF is untouched")
        }
    }

    static let qatAlias = #"{"name": "qat", "vendor_id": "8086", "product_id": "37c9", "device_type": "type-VF"}"#
    static let qatSpec = #"{"vendor_id": "8086", "product_id": "37c9"}"#

    @Test func flavorAlias_ClaimsDevice_RendersHostdev() async throws {
        let yaml = C.yaml(deviceSpecs: [C.vfSpec, C.pfSpec, Self.qatSpec], aliases: [Self.qatAlias])
        try await C.withServer(yaml: yaml) { _, client in
            let qat: [JSONValue] = [
                ["address": "0000:3d:00.0", "vendor_id": "8086", "product_id": "37c8", "type": "type-PF", "numa_node": 0],
                ["address": "0000:3d:01.0", "vendor_id": "8086", "product_id": "37c9", "type": "type-VF",
                 "parent_address": "0000:3d:00.0", "numa_node": 0, "vf_num": 0],
            ]
            try await C.reportHost(client, devices: C.fixtureDevices(vfs: 2) + qat)
            let flavor = try await C.flavor(client, name: "qat.small", extraSpecs: ["pci_passthrough:alias": "qat:1"])
            let (id, _) = try await C.boot(client, flavor: flavor, networks: [])
            let devices = try await C.devices(client)
            #expect(devices["0000:3d:01.0"]?["state"] == "allocated")
            #expect(devices["0000:3d:01.0"]?["server_id"] == .string(id))
            #expect(devices["0000:3d:01.0"]?["port_id"] == .null)
            #expect(devices[C.vfAddress(0)]?["state"] == "available", "no NIC VF is taken")
            let xml = try await B.domainXML(client, id)
            #expect(xml.contains("<hostdev mode='subsystem' type='pci' managed='yes'>"))
            #expect(xml.contains(B.xmlAddress("0000:3d:01.0", typed: false)), "\(xml)")
        }
    }

    @Test func networkUUID_CreatesComputePort_BindsBridge() async throws {
        try await C.withServer { _, client in
            try await C.fixtureHost(client)
            let flavor = try await C.flavor(client)
            let (network, _) = try await B.vlanNetwork(client)
            let (id, server) = try await C.boot(client, flavor: flavor, networks: [["uuid": .string(network)]])
            #expect(server["addresses"]?.objectValue?.isEmpty == false, "the created port's IP is listed: \(server)")
            let interfaces = try await client.get("\(C.v21)/servers/\(id)/os-interface")
            let attached = interfaces.json["interfaceAttachments"]?.arrayValue ?? []
            #expect(attached.count == 1)
            let portId = try #require(attached.first?["port_id"]?.stringValue)
            let port = try await PortAPI.showPort(client, portId)
            #expect(port["device_owner"] == "compute:nova")
            #expect(port["device_id"] == .string(id))
            #expect(port["binding:host_id"] == "compute1")
            #expect(port["binding:vif_type"] == "bridge")
            #expect(port["binding:profile"] == [:], "a normal port gets no PCI keys")
            let xml = try await B.domainXML(client, id)
            #expect(xml.contains("<interface type='ethernet'>"), "the agent's tap, only opened by libvirt: \(xml)")
            #expect(xml.contains("<target dev='tap\(portId.prefix(11))' managed='no'/>"), "\(xml)")
            #expect(try await C.devices(client).values.allSatisfy { $0["state"] == "available" })
        }
    }
}
