import PatchbayCore
import PatchbayTesting
import Testing

/// Port binding over HTTP: SR-IOV, macvtap and Linux bridge drivers, failure reasons, dead agents,
/// rebinding, vnic type validation and 802.1Qbh port profiles.
@Suite struct BindingAPITests {
    typealias P = PortAPI

    static let sriovProfile: JSONValue = ["pci_slot": "0000:81:00.2", "physical_network": "physnet1"]

    /// Creates a network (with a subnet) and a port on it, then PUTs `binding:host_id`; returns the
    /// network and the port as the PUT returned it.
    static func bindPort(_ client: APIClient, network attributes: [String: JSONValue] = [:], vnic: String = "direct",
                         profile: JSONValue = sriovProfile, host: String = "compute1",
                         sourceLocation: SourceLocation = #_sourceLocation) async throws -> (network: JSONValue, port: JSONValue) {
        let network = try await P.network(client, attributes, sourceLocation: sourceLocation)
        let networkId = try #require(network["id"]?.stringValue, sourceLocation: sourceLocation)
        _ = try await P.subnet(client, network: networkId, sourceLocation: sourceLocation)
        let created = try await P.port(client, network: networkId, ["binding:vnic_type": .string(vnic), "binding:profile": profile],
                                       sourceLocation: sourceLocation)
        #expect(created["binding:vif_type"] == "unbound", sourceLocation: sourceLocation)
        let reply = try await P.updatePort(client, try #require(created["id"]?.stringValue), ["binding:host_id": .string(host)])
        #expect(reply.status == 200, "bind: \(reply.json)", sourceLocation: sourceLocation)
        return (network, try #require(reply.json["port"], sourceLocation: sourceLocation))
    }

    @Test func sriovDirect_BindsHwVeb_WithVlanAsString() async throws {
        try await P.withServer { _, client in
            try await P.sriovAgent(client)
            let (network, port) = try await Self.bindPort(client)
            let vlan = try #require(network["provider:segmentation_id"]?.intValue)
            #expect((100...199).contains(vlan))
            #expect(port["binding:host_id"] == "compute1")
            #expect(port["binding:vif_type"] == "hw_veb")
            #expect(port["binding:vif_details"] == ["port_filter": false, "connectivity": "l2", "vlan": .string(String(vlan)),
                                                    "bound_drivers": ["0": "sriovnicswitch"]])
            #expect(port["binding:failure_reason"] == .null)
            #expect(port["binding:profile"] == Self.sriovProfile)
            #expect(port["status"] == "DOWN")
        }
    }

    @Test func sriovMacvtap_BindsHwVeb() async throws {
        try await P.withServer { _, client in
            try await P.sriovAgent(client)
            #expect(try await Self.bindPort(client, vnic: "macvtap").port["binding:vif_type"] == "hw_veb")
        }
    }

    @Test func directPhysical_BindsHostdevPhysical_ActiveAtOnce_WithoutAgent() async throws {
        try await P.withServer { _, client in
            let (_, port) = try await Self.bindPort(client, vnic: "direct-physical")
            #expect(port["binding:vif_type"] == "hostdev_physical")
            #expect(port["status"] == "ACTIVE")
            #expect(port["binding:vif_details"]?["bound_drivers"] == ["0": "sriovnicswitch"])
        }
    }

    @Test func macvtapAgent_NormalPortOnFlat_BindsMacvtap() async throws {
        try await P.withServer { _, client in
            try await P.reportAgent(client, type: "Macvtap agent", interfaces: ["physnet1": "ens2"])
            let flat: [String: JSONValue] = ["provider:network_type": "flat", "provider:physical_network": "physnet1"]
            let (_, port) = try await Self.bindPort(client, network: flat, vnic: "normal", profile: [:])
            #expect(port["binding:vif_type"] == "macvtap")
            #expect(port["binding:vif_details"]?["physical_interface"] == "ens2")
            #expect(port["binding:vif_details"]?["macvtap_source"] == "ens2")
            #expect(port["binding:vif_details"]?["macvtap_mode"] == "bridge")
            #expect(port["binding:vif_details"]?["vlan"] == nil)
            #expect(port["binding:vif_details"]?["bound_drivers"] == ["0": "macvtap"])
        }
    }

    @Test func macvtapAgent_VlanPort_Fails() async throws {
        try await P.withServer { _, client in
            try await P.reportAgent(client, type: "Macvtap agent", interfaces: ["physnet1": "ens2"])
            let (network, port) = try await Self.bindPort(client, vnic: "normal", profile: [:])
            let vlan = try #require(network["provider:segmentation_id"]?.intValue)
            #expect(port["binding:vif_type"] == "binding_failed")
            let reason = try #require(port["binding:failure_reason"]?.stringValue)
            #expect(reason.contains("macvtap: vlan segment \(vlan) cannot be bound to macvtap"), "\(reason)")
            #expect(reason.contains("802.1Q sub-interface"), "\(reason)")
        }
    }

    @Test func linuxBridgeAgent_NormalPort_BindsBridge() async throws {
        try await P.withServer { _, client in
            try await P.reportAgent(client, type: "Linux bridge agent", bridges: ["physnet1": "ens3"])
            let (_, port) = try await Self.bindPort(client, vnic: "normal", profile: [:])
            #expect(port["binding:vif_type"] == "bridge")
            #expect(port["binding:vif_details"]?["bridge_name"] == "pbr-physnet1")
            #expect(port["binding:vif_details"]?["bound_drivers"] == ["0": "linuxbridge"])
            #expect(port["status"] == "DOWN")
        }
    }

    struct FailureCase: Sendable, CustomTestStringConvertible {
        let name: String
        let agentPhysnet: String?
        let network: [String: JSONValue]
        let vnic: String
        let reason: String
        var testDescription: String { name }
    }

    static let failures: [FailureCase] = [
        FailureCase(name: "no agent on the host", agentPhysnet: nil, network: [:], vnic: "direct",
                    reason: "no alive agent on host compute1"),
        FailureCase(name: "agent lacks the physnet", agentPhysnet: "physnet2", network: [:], vnic: "direct",
                    reason: "physnet1 not in device_mappings of agent on host compute1"),
        FailureCase(name: "vxlan network, direct port", agentPhysnet: "physnet1", network: ["provider:network_type": "vxlan"],
                    vnic: "direct", reason: "vxlan segments cannot be bound to SR-IOV"),
        FailureCase(name: "normal port, only an SR-IOV agent", agentPhysnet: "physnet1", network: [:], vnic: "normal",
                    reason: "sriovnicswitch: vnic_type normal is not supported"),
    ]

    @Test(arguments: failures)
    func binding_Fails(_ scenario: FailureCase) async throws {
        try await P.withServer { _, client in
            if let physnet = scenario.agentPhysnet { try await P.sriovAgent(client, physnet: physnet) }
            let (_, port) = try await Self.bindPort(client, network: scenario.network, vnic: scenario.vnic)
            #expect(port["binding:vif_type"] == "binding_failed")
            #expect(port["binding:vif_details"] == [:])
            #expect(port["status"] == "DOWN")
            let reason = try #require(port["binding:failure_reason"]?.stringValue)
            #expect(reason.contains(scenario.reason), "\(reason)")
            #expect(reason.hasPrefix("no mechanism driver could bind port"))
        }
    }

    @Test func deadAgent_Fails_AndAHeartbeatLetsARebindSucceed() async throws {
        try await P.withServer { server, client in
            try await P.sriovAgent(client)
            server.clock.advance(by: 76)
            let (_, port) = try await Self.bindPort(client)
            #expect(port["binding:vif_type"] == "binding_failed")
            #expect(port["binding:failure_reason"]?.stringValue?.contains("agent on host compute1 is not alive") == true)
            // A fresh heartbeat, then any update retries a failed binding.
            try await P.sriovAgent(client)
            let id = try #require(port["id"]?.stringValue)
            let retried = try await P.updatePort(client, id, ["name": "retry"])
            #expect(retried.json["port"]?["binding:vif_type"] == "hw_veb")
            #expect(retried.json["port"]?["binding:failure_reason"] == .null)
        }
    }

    @Test func agentAtExactlyDownTime_IsStillAlive() async throws {
        try await P.withServer { server, client in
            try await P.sriovAgent(client)
            server.clock.advance(by: 75)
            #expect(try await Self.bindPort(client).port["binding:vif_type"] == "hw_veb")
        }
    }

    @Test func hostChange_Rebinds() async throws {
        try await P.withServer { _, client in
            try await P.sriovAgent(client)
            try await P.reportAgent(client, type: "NIC Switch agent", host: "compute2", devices: ["physnet1": ["ens4f0"]])
            let (_, port) = try await Self.bindPort(client)
            let id = try #require(port["id"]?.stringValue)
            let moved = try await P.updatePort(client, id, ["binding:host_id": "compute2"])
            #expect(moved.json["port"]?["binding:host_id"] == "compute2")
            #expect(moved.json["port"]?["binding:vif_type"] == "hw_veb")
            let nowhere = try await P.updatePort(client, id, ["binding:host_id": "compute9"])
            #expect(nowhere.json["port"]?["binding:vif_type"] == "binding_failed")
            #expect(nowhere.json["port"]?["binding:failure_reason"]?.stringValue?.contains("no alive agent on host compute9") == true)
            let unbound = try await P.updatePort(client, id, ["binding:host_id": ""])
            #expect(unbound.json["port"]?["binding:vif_type"] == "unbound")
            #expect(unbound.json["port"]?["binding:failure_reason"] == .null)
            #expect(unbound.json["port"]?["binding:vif_details"] == [:])
        }
    }

    @Test(arguments: ["baremetal", "foo", "virtio-forwarder", "", "DIRECT"])
    func unsupportedVnicType_Fails(vnic: String) async throws {
        try await P.withServer { _, client in
            let (network, _) = try await P.networkWithSubnet(client)
            let created = try await P.postPort(client, network: network, ["binding:vnic_type": .string(vnic)])
            #expect(created.status == 400)
            #expect(created.errorType == "HTTPBadRequest")
            #expect(created.errorMessage?.contains("Invalid input for binding:vnic_type. Reason: '\(vnic)' is not in [") == true)
            let id = try #require(try await P.port(client, network: network)["id"]?.stringValue)
            let updated = try await P.updatePort(client, id, ["binding:vnic_type": .string(vnic)])
            #expect(updated.status == 400)
            #expect(updated.errorType == "HTTPBadRequest")
            #expect(try await P.showPort(client, id)["binding:vnic_type"] == "normal")
        }
    }

    static let profilesYAML = P.yaml(vlanRanges: "physnet1:100:299",
                                     portProfiles: "[{id: gold, vlan: 200}, {id: silver}]")

    @Test func portProfile_VlanMismatch_Fails() async throws {
        try await P.withServer(yaml: P.yaml(portProfiles: "[{id: gold, vlan: 200}]")) { _, client in
            try await P.sriovAgent(client)
            let (network, port) = try await Self.bindPort(client, profile: ["profileid": "gold"])
            let vlan = try #require(network["provider:segmentation_id"]?.intValue)
            #expect(port["binding:vif_type"] == "binding_failed")
            let reason = try #require(port["binding:failure_reason"]?.stringValue)
            #expect(reason.contains("port profile gold carries VLAN 200 but the segment is vlan \(vlan) on physnet1"), "\(reason)")
        }
    }

    @Test func portProfile_MatchingVlan_SetsProfileId() async throws {
        try await P.withServer(yaml: Self.profilesYAML) { _, client in
            try await P.sriovAgent(client)
            let provider: [String: JSONValue] = ["provider:network_type": "vlan", "provider:physical_network": "physnet1",
                                                 "provider:segmentation_id": 200]
            let (_, port) = try await Self.bindPort(client, network: provider, profile: ["profileid": "gold"])
            #expect(port["binding:vif_type"] == "hw_veb")
            #expect(port["binding:vif_details"]?["profileid"] == "gold")
            #expect(port["binding:vif_details"]?["vlan"] == "200")
        }
    }

    @Test func portProfile_WithoutVlan_BindsAnywhere_AndNetworkDefaultApplies() async throws {
        try await P.withServer(yaml: Self.profilesYAML) { _, client in
            try await P.sriovAgent(client)
            #expect(try await Self.bindPort(client, profile: ["profileid": "silver"]).port["binding:vif_details"]?["profileid"] == "silver")
            let (network, port) = try await Self.bindPort(client, network: ["patchbay:port_profile": "silver"])
            #expect(network["patchbay:port_profile"] == "silver")
            #expect(port["binding:vif_details"]?["profileid"] == "silver")
            // The network default conflicts with a non-200 segment once it names `gold`. The VLAN is
            // outside the project range so it cannot collide with the random ones allocated above.
            let (_, refused) = try await Self.bindPort(client, network: [
                "patchbay:port_profile": "gold", "provider:network_type": "vlan", "provider:physical_network": "physnet1",
                "provider:segmentation_id": 3001,
            ])
            #expect(refused["binding:vif_type"] == "binding_failed")
            #expect(refused["binding:failure_reason"]?.stringValue?.contains("port profile gold carries VLAN 200") == true)
        }
    }

    // MARK: Non-admin view

    static let adminOnlyReads = ["binding:host_id", "binding:profile", "binding:vif_type", "binding:vif_details",
                                 "binding:failure_reason"]

    @Test func member_SeesNoBindingOutputs_AndCannotSetBindingInputs() async throws {
        try await P.withServer { _, admin in
            try await P.sriovAgent(admin)
            let member = admin.acting(project: "demo", roles: "member")
            let (network, _) = try await P.networkWithSubnet(member)
            let port = try await P.port(member, network: network, ["binding:vnic_type": "direct"])
            for key in Self.adminOnlyReads { #expect(port[key] == nil, "\(key) leaked on create") }
            #expect(port["binding:vnic_type"] == "direct")
            #expect(port["project_id"] == "demo")
            let id = try #require(port["id"]?.stringValue)
            #expect(try await P.updatePort(admin, id, ["binding:host_id": "compute1"]).json["port"]?["binding:vif_type"] == "hw_veb")
            let shown = try await P.showPort(member, id)
            let listed = try #require(try await member.get("\(P.v2)/ports").json["ports"]?.arrayValue?.first)
            for key in Self.adminOnlyReads {
                #expect(shown[key] == nil, "\(key) leaked on show")
                #expect(listed[key] == nil, "\(key) leaked on list")
            }
            #expect(shown["binding:vnic_type"] == "direct" && listed["binding:vnic_type"] == "direct")
            for (attribute, value) in [("binding:host_id", JSONValue.string("compute2")), ("binding:profile", ["pci_slot": "0000:81:00.3"])] {
                let refused = try await P.updatePort(member, id, [attribute: value])
                #expect(refused.status == 403)
                #expect(refused.errorType == "PolicyNotAuthorized")
                #expect(refused.errorMessage == "(rule:update_port:\(attribute)) is disallowed by policy")
                let create = try await P.postPort(member, network: network, [attribute: value])
                #expect(create.status == 403)
                #expect(create.errorMessage == "(rule:create_port:\(attribute)) is disallowed by policy")
            }
            #expect(try await P.showPort(admin, id)["binding:host_id"] == "compute1")
        }
    }
}
