import PatchbayCore
import PatchbayTesting
import Testing

/// Capabilities of networks and ports (extension `capabilities`), and ports that require them.
@Suite struct CapabilityAPITests {
    typealias C = ComputeAPI
    typealias B = ServerBootAPI

    /// The features an agent reports for an Intel X710 (i40e with its mirror files) and a
    /// ConnectX-5 (mlx5_core, no mirror files).
    static let i40e: JSONValue = ["driver": "i40e", "total_vfs": 64, "link_speed_mbps": 10000,
                                  "mirroring": ["in": true, "out": true, "vlan_filter": true]]
    static let mlx5: JSONValue = ["driver": "mlx5_core", "total_vfs": 8, "link_speed_mbps": 25000]

    /// The fixture host's devices, each carrying `features`.
    static func devices(_ features: JSONValue, vfs: Int = 2) -> [JSONValue] {
        C.fixtureDevices(vfs: vfs).map { device in
            guard case .object(var members) = device else { return device }
            members["nic_features"] = features
            return .object(members)
        }
    }

    static func host(_ client: APIClient, _ name: String, _ features: JSONValue) async throws {
        try await C.reportHost(client, host: name, devices: devices(features))
        try await C.registerAgents(client, host: name)
    }

    static func capabilities(_ client: APIClient, _ path: String,
                             sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        let reply = try await client.get("/network/v2.0/\(path)/capabilities")
        #expect(reply.status == 200, "\(path): \(reply.json)", sourceLocation: sourceLocation)
        return try #require(reply.json["capabilities"], sourceLocation: sourceLocation)
    }

    @Test func aNetworkAnswersItsSegmentMTUAndTheVnicTypesItCanBind() async throws {
        try await C.withServer(yaml: B.yaml()) { _, client in
            let vlan = try await C.vlanNetwork(client, vlan: 120)
            let answer = try await Self.capabilities(client, "networks/\(vlan)")
            #expect(answer["network_type"] == "vlan" && answer["physical_network"] == "physnet1")
            #expect(answer["segmentation_id"] == 120 && answer["mtu"] == 1500)
            #expect(answer["vnic_types"] == ["normal", "direct", "macvtap", "direct-physical"])
            #expect(answer["mirroring"] == ["in": true, "out": true, "vlan_filter": true])
            let one = try await client.get("/network/v2.0/networks/\(vlan)/capabilities/mtu")
            #expect(one.status == 200 && one.json == ["capability": ["name": "mtu", "value": 1500]])

            let vxlan = try #require(try await client.post("/network/v2.0/networks", ["network": [
                "name": "overlay", "provider:network_type": "vxlan"]]).json["network"]?["id"]?.stringValue)
            let overlay = try await Self.capabilities(client, "networks/\(vxlan)")
            #expect(overlay["network_type"] == "vxlan" && overlay["vnic_types"] == ["normal"])
            #expect(overlay["physical_network"] == nil)
            let missing = try await client.get("/network/v2.0/networks/\(vxlan)/capabilities/physical_network")
            #expect(missing.status == 404 && missing.json["NeutronError"]?["type"] == "CapabilityNotSupported")
            let other = try await client.get("/network/v2.0/networks/\(UUIDv4.make())/capabilities")
            #expect(other.status == 404 && other.json["NeutronError"]?["type"] == "NetworkNotFound")
        }
    }

    @Test func aBridgePortIsMirroredAndRedirectedByTcButHasNoVFSettings() async throws {
        try await C.withServer(yaml: B.yaml()) { _, client in
            try await Self.host(client, "compute1", Self.i40e)
            let network = try await C.vlanNetwork(client)
            let port = try await C.port(client, network: network, vnicType: "normal")
            let unbound = try await Self.capabilities(client, "ports/\(port)")
            #expect(unbound["binding"] == "unbound" && unbound["candidates"] == nil)
            let bound = try await PortAPI.updatePort(client, port, ["binding:host_id": "compute1"])
            #expect(bound.status == 200)
            let answer = try await Self.capabilities(client, "ports/\(port)")
            #expect(answer["binding"] == "bound" && answer["vif_type"] == "bridge" && answer["host"] == "compute1")
            #expect(answer["mirroring"] == ["in": true, "out": true, "vlan_filter": true])
            #expect(answer["inline"] == true && answer["security_groups"] == "not_enforced")
            #expect(answer["trust"] == nil && answer["max_tx_rate_mbps"] == nil)
            for key in ["trust", "max_tx_rate", "link_speed_mbps"] {
                let reply = try await client.get("/network/v2.0/ports/\(port)/capabilities/\(key)")
                #expect(reply.status == 404, "\(key)")
                #expect(reply.json["NeutronError"]?["type"] == "CapabilityNotSupported", "\(key)")
                #expect(reply.json["NeutronError"]?["message"] == .string("Capability \(key) is not supported by port \(port)."))
            }
            let inbound = try await client.get("/network/v2.0/ports/\(port)/capabilities/mirroring.in")
            #expect(inbound.json == ["capability": ["name": "mirroring.in", "value": true]])
        }
    }

    @Test(arguments: [("i40e", Self.i40e), ("mlx5_core", Self.mlx5)])
    func aVFPortAnswersWhatItsNICReported(driver: String, features: JSONValue) async throws {
        try await C.withServer(yaml: B.yaml()) { _, client in
            try await Self.host(client, "compute1", features)
            let flavor = try await C.flavor(client)
            let network = try await C.vlanNetwork(client)
            let direct = try await C.port(client, network: network, vnicType: "direct")
            let macvtap = try await C.port(client, network: network, vnicType: "macvtap")
            _ = try await C.boot(client, flavor: flavor, networks: [["port": .string(direct)], ["port": .string(macvtap)]])
            let answer = try await Self.capabilities(client, "ports/\(direct)")
            #expect(answer["binding"] == "bound" && answer["vif_type"] == "hw_veb" && answer["nic_driver"] == .string(driver))
            #expect(answer["trust"] == true && answer["spoof_check"] == true && answer["max_tx_rate"] == true)
            #expect(answer["security_groups"] == "not_enforced" && answer["inline"] == nil)
            let nicMirrors = driver == "i40e"
            #expect(answer["mirroring"] == ["in": .bool(nicMirrors), "out": .bool(nicMirrors), "vlan_filter": .bool(nicMirrors)])
            #expect(answer["min_tx_rate"] == (driver == "i40e" ? nil : true), "i40e cannot guarantee a VF a rate")
            #expect(answer["max_tx_rate_mbps"] == (driver == "i40e" ? 10000 : 25000))
            #expect(answer["vf_count"] == (driver == "i40e" ? 64 : 8))

            // A VF behind macvtap is mirrored on its macvtap device whatever the NIC does.
            let viaMacvtap = try await Self.capabilities(client, "ports/\(macvtap)")
            #expect(viaMacvtap["mirroring"] == ["in": true, "out": true, "vlan_filter": true])
            #expect(viaMacvtap["inline"] == true && viaMacvtap["trust"] == true)
        }
    }

    @Test func aPFPortHasNeitherMirroringNorInline() async throws {
        try await C.withServer(yaml: B.yaml()) { _, client in
            try await Self.host(client, "compute1", Self.i40e)
            let flavor = try await C.flavor(client)
            let network = try await C.vlanNetwork(client)
            let port = try await C.port(client, network: network, vnicType: "direct-physical")
            _ = try await C.boot(client, flavor: flavor, networks: [["port": .string(port)]])
            let answer = try await Self.capabilities(client, "ports/\(port)")
            #expect(answer["vif_type"] == "hostdev_physical")
            #expect(answer["mirroring"] == ["in": false, "out": false, "vlan_filter": false])
            #expect(answer["inline"] == nil && answer["trust"] == nil)
            #expect(try await client.get("/network/v2.0/ports/\(port)/capabilities/mirroring.out").status == 404)
        }
    }

    @Test func anUnboundVFPortListsTheNICsItCouldLandOn() async throws {
        try await C.withServer(yaml: B.yaml()) { _, client in
            try await Self.host(client, "compute1", Self.i40e)
            try await Self.host(client, "compute2", Self.i40e)
            try await Self.host(client, "compute3", Self.mlx5)
            let network = try await C.vlanNetwork(client)
            let port = try await C.port(client, network: network, vnicType: "direct")
            let answer = try await Self.capabilities(client, "ports/\(port)")
            #expect(answer["binding"] == "unbound")
            let candidates = try #require(answer["candidates"]?.arrayValue)
            #expect(candidates.count == 2)
            #expect(candidates.first?["hosts"] == 2 && candidates.first?["capabilities"]?["nic_driver"] == "i40e")
            #expect(candidates.first?["capabilities"]?["mirroring"]?["in"] == true)
            #expect(candidates.last?["hosts"] == 1 && candidates.last?["capabilities"]?["nic_driver"] == "mlx5_core")
            #expect(candidates.last?["capabilities"]?["mirroring"]?["in"] == false)
        }
    }
}
