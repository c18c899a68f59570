import PatchbayAPI
import PatchbayCore
import PatchbayTesting
import Testing

/// Failed boots explain themselves and leave nothing behind; DELETE releases everything.
@Suite struct ServerRollbackAPITests {
    typealias C = ComputeAPI
    typealias B = ServerBootAPI

    @Test func noFreeVFOnPhysnet2_ErrorExplainsEveryFilter_Fails() async throws {
        let clock = ManualClock()
        try await C.withServer(yaml: B.yaml(), clock: clock) { _, client in
            try await C.reportHost(client, host: "compute3")
            clock.advance(by: 301)  // compute3 stops reporting and counts as down
            try await C.reportHost(client, host: "compute1")
            try await C.reportHost(client, host: "compute2", memoryMB: 1024)
            let flavor = try await C.flavor(client, ram: 2048)
            let (network, _) = try await B.vlanNetwork(client, physnet: "physnet2")
            let portId = try await B.port(client, network: network)
            let (_, server) = try await C.boot(client, flavor: flavor, networks: [["port": .string(portId)]], status: "ERROR")
            let message = try #require(server["fault"]?["message"]?.stringValue)
            #expect(message == "No valid host: 3 hosts; not alive or disabled 1; RAM removed 1; VCPU removed 0; "
                + "PCI removed 1 (no free VF on physnet2 in 1, PF/VF conflict in 0); NUMA removed 0")
            #expect(server["fault"]?["code"] == 500)
            #expect(server["OS-EXT-SRV-ATTR:host"] == .null)
            try await B.expectUnbound(client, portId)
            for host in ["compute1", "compute2", "compute3"] {
                #expect(try await C.devices(client, host: host).values.allSatisfy { $0["state"] == "available" }, "\(host)")
            }
        }
    }

    @Test func trustedProfile_NoTrustedVF_ErrorExplains_Fails() async throws {
        try await C.withServer { _, client in
            try await C.fixtureHost(client)
            let flavor = try await C.flavor(client)
            let (network, _) = try await B.vlanNetwork(client)
            let profile: [String: JSONValue] = ["trusted": true]
            let portId = try await B.port(client, network: network, profile: profile)
            let (_, server) = try await C.boot(client, flavor: flavor, networks: [["port": .string(portId)]], status: "ERROR")
            let message = try #require(server["fault"]?["message"]?.stringValue)
            #expect(message.hasPrefix("No valid host: 1 hosts;"), "\(message)")
            #expect(message.contains("no free trusted VF on physnet1 in 1"), "\(message)")
            try await B.expectUnbound(client, portId, userProfile: profile)
            #expect(try await C.devices(client).values.allSatisfy { $0["state"] == "available" })
        }
    }

    /// How the second NIC of a two-NIC boot fails to bind after both devices were claimed.
    enum SecondNIC: String, CaseIterable, Sendable {
        /// A port the boot creates on a network (vnic normal) on a host with no Linux bridge agent.
        case createdNormalPortWithoutBridgeAgent
        /// A pre-created direct port on physnet2, whose VF exists but the agent does not map physnet2.
        case directPortOnUnmappedPhysnet
    }

    static let physnet2Spec = #"{"vendor_id": "8086", "product_id": "154c", "address": "0000:81:03.*", "physical_network": "physnet2"}"#

    @Test(arguments: SecondNIC.allCases)
    func secondPortCannotBind_RollsBackEverything_Fails(_ second: SecondNIC) async throws {
        try await C.withServer(yaml: B.yaml(deviceSpecs: [Self.physnet2Spec, C.vfSpec, C.pfSpec])) { _, client in
            try await C.reportHost(client, vfs: 16)  // 81:02.x on physnet1, 81:03.x on physnet2
            try await PortAPI.sriovAgent(client, host: "compute1", physnet: "physnet1")
            let flavor = try await C.flavor(client)
            let (network1, _) = try await B.vlanNetwork(client)
            let first = try await B.port(client, network: network1)
            let (network2, _) = try await B.vlanNetwork(client, physnet: second == .directPortOnUnmappedPhysnet ? "physnet2" : "physnet1",
                                                        cidr: "10.0.1.0/24")
            var secondPort: String?
            var networks: [JSONValue] = [["port": .string(first)]]
            switch second {
            case .createdNormalPortWithoutBridgeAgent:
                networks.append(["uuid": .string(network2)])
            case .directPortOnUnmappedPhysnet:
                secondPort = try await B.port(client, network: network2)
                networks.append(["port": .string(secondPort!)])
            }
            let (id, server) = try await C.boot(client, flavor: flavor, networks: networks, status: "ERROR")
            let message = try #require(server["fault"]?["message"]?.stringValue)
            #expect(message.hasPrefix("Binding failed for port "), "\(message)")
            #expect(message.contains("no mechanism driver could bind port"), "\(message)")
            if let secondPort { #expect(message.contains(secondPort), "\(message)") }
            #expect(!message.contains(first), "the first port bound fine: \(message)")

            let devices = try await C.devices(client)
            #expect(devices.values.allSatisfy { $0["state"] == "available" && $0["server_id"] == .null }, "\(devices)")
            try await B.expectUnbound(client, first)
            #expect(try await PortAPI.showPort(client, first)["binding:vif_type"] == "unbound")
            if let secondPort { try await B.expectUnbound(client, secondPort) }
            let left = try await client.get("\(PortAPI.v2)/ports?network_id=\(network2)")
            #expect(PortAPI.ids(left) == (secondPort.map { [$0] } ?? []), "ports the boot created are deleted: \(left.json)")
            let interfaces = try await client.get("\(C.v21)/servers/\(id)/os-interface")
            #expect(PortAPI.ids(interfaces, "interfaceAttachments").isEmpty)

            #expect(try await client.delete("\(C.v21)/servers/\(id)").status == 204, "an ERROR server can be deleted")
            try await B.expectUnbound(client, first)
        }
    }

    @Test func delete_ReleasesDevices_UnbindsAndDeletesPorts() async throws {
        try await C.withServer { _, client in
            try await C.fixtureHost(client)
            let flavor = try await C.flavor(client)
            let (network, _) = try await B.vlanNetwork(client)
            let precreated = try await B.port(client, network: network)
            let (id, _) = try await C.boot(client, flavor: flavor, networks: [["port": .string(precreated)], ["uuid": .string(network)]])
            let attached = try await client.get("\(C.v21)/servers/\(id)/os-interface")
            let portIds = (attached.json["interfaceAttachments"]?.arrayValue ?? []).compactMap { $0["port_id"]?.stringValue }
            #expect(portIds.count == 2)
            let created = try #require(portIds.first { $0 != precreated })
            let before = try await C.devices(client)
            #expect(before.values.filter { $0["server_id"] == .string(id) }.count == 1)
            #expect(before[C.pfAddress]?["state"] == "unavailable")

            let deleted = try await client.delete("\(C.v21)/servers/\(id)")
            #expect(deleted.status == 204)
            let after = try await C.devices(client)
            #expect(after.values.allSatisfy { $0["state"] == "available" && $0["server_id"] == .null && $0["port_id"] == .null },
                    "\(after)")
            try await B.expectUnbound(client, precreated)
            #expect(try await PortAPI.showPort(client, precreated)["device_owner"] == "")
            let gone = try await client.get("\(PortAPI.v2)/ports/\(created)")
            #expect(gone.status == 404)
            #expect(gone.errorType == "PortNotFound")

            for reply in [try await client.get("\(C.v21)/servers/\(id)"), try await client.delete("\(C.v21)/servers/\(id)"),
                          try await client.get("\(C.v21)/servers/\(id)/os-interface")] {
                #expect(reply.status == 404)
                #expect(C.fault(reply)?.key == "itemNotFound")
                #expect(C.fault(reply)?.message == "Instance \(id) could not be found.")
            }
        }
    }
}
