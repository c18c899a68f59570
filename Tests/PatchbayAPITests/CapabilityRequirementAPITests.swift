import PatchbayCore
import PatchbayTesting
import Testing

/// `patchbay:required_capabilities`: validated on the port, met by the scheduler, and named in
/// its refusal.
@Suite struct CapabilityRequirementAPITests {
    typealias C = ComputeAPI
    typealias B = ServerBootAPI
    typealias Caps = CapabilityAPITests

    static let field = "patchbay:required_capabilities"

    @Test func aPortKeepsItsRequirementsSortedAndRefusesWhatItsVnicTypeCannotMeet() async throws {
        try await C.withServer(yaml: B.yaml()) { _, client in
            let network = try await C.vlanNetwork(client)
            let port = try await PortAPI.port(client, network: network,
                                              ["binding:vnic_type": "direct", .init(Self.field): ["trust", "mirroring.in", "trust"]])
            #expect(port[Self.field] == ["mirroring.in", "trust"])
            let plain = try await PortAPI.port(client, network: network)
            #expect(plain[Self.field] == [])

            let refusals: [([String: JSONValue], String)] = [
                ([Self.field: ["mirroring.sideways"]], "port.invalid_required_capabilities"),
                ([Self.field: "trust"], "port.invalid_required_capabilities"),
                ([Self.field: [1]], "port.invalid_required_capabilities"),
                ([Self.field: ["trust"]], "port.capability_unavailable"),  // a normal port has no VF settings
                (["binding:vnic_type": "direct-physical", .init(Self.field): ["mirroring.in"]], "port.capability_unavailable"),
            ]
            let before = try await client.get("/network/v2.0/ports").json["ports"]?.arrayValue?.count
            for (body, _) in refusals {
                let reply = try await PortAPI.postPort(client, network: network, body)
                #expect(reply.status == 400, "\(body): \(reply.json)")
                #expect(reply.json["NeutronError"]?["type"] == "HTTPBadRequest", "\(body)")
            }
            #expect(try await client.get("/network/v2.0/ports").json["ports"]?.arrayValue?.count == before, "nothing stored")
            let unknown = try await PortAPI.postPort(client, network: network, [Self.field: ["mirroring.sideways"]])
            #expect(unknown.json["NeutronError"]?["message"]?.stringValue?.contains("mirroring.in, mirroring.out") == true)

            // Software-provided requirements suit a normal port; clearing works with [] or null.
            let id = try #require(plain["id"]?.stringValue)
            let set = try await PortAPI.updatePort(client, id, [Self.field: ["inline", "mirroring.out"]])
            #expect(set.status == 200 && set.json["port"]?[Self.field] == ["inline", "mirroring.out"])
            let cleared = try await PortAPI.updatePort(client, id, [Self.field: .null])
            #expect(cleared.json["port"]?[Self.field] == [])
        }
    }

    @Test func requirementsCannotChangeOnceAPortIsBound() async throws {
        try await C.withServer(yaml: B.yaml()) { _, client in
            try await Caps.host(client, "compute1", Caps.i40e)
            let network = try await C.vlanNetwork(client)
            let port = try #require(try await PortAPI.port(client, network: network, ["binding:host_id": "compute1"])["id"]?.stringValue)
            let reply = try await PortAPI.updatePort(client, port, [Self.field: ["mirroring.in"]])
            #expect(reply.status == 409, "\(reply.json)")
            #expect(reply.json["NeutronError"]?["message"]?.stringValue?.contains("while it is bound to host compute1") == true)
            #expect(try await PortAPI.showPort(client, port)[Self.field] == [])
            let same = try await PortAPI.updatePort(client, port, [Self.field: []])
            #expect(same.status == 200, "no change is no conflict")
            let unbind = try await PortAPI.updatePort(client, port, ["binding:host_id": "", .init(Self.field): ["mirroring.in"]])
            #expect(unbind.status == 409, "the host it is leaving still counts")
        }
    }

    @Test func aVFThatMustBeMirroredLandsOnlyOnANICThatMirrors() async throws {
        try await C.withServer(yaml: B.yaml()) { _, client in
            try await Caps.host(client, "compute1", Caps.mlx5)
            try await Caps.host(client, "compute2", Caps.i40e)
            try await Caps.host(client, "compute3", Caps.mlx5)
            let flavor = try await C.flavor(client)
            let network = try await C.vlanNetwork(client)
            for _ in 0..<2 {
                let port = try #require(try await PortAPI.port(client, network: network, [
                    "binding:vnic_type": "direct", .init(Self.field): ["mirroring.in", "trust"]])["id"]?.stringValue)
                let (_, server) = try await C.boot(client, flavor: flavor, networks: [["port": .string(port)]])
                #expect(server["OS-EXT-SRV-ATTR:host"] == "compute2")
            }
            // compute2's two VFs are taken; the mlx5 hosts have VFs but cannot mirror.
            let port = try #require(try await PortAPI.port(client, network: network, [
                "binding:vnic_type": "direct", .init(Self.field): ["mirroring.in"]])["id"]?.stringValue)
            let (_, refused) = try await C.boot(client, name: "vm3", flavor: flavor, networks: [["port": .string(port)]], status: "ERROR")
            let message = try #require(refused["fault"]?["message"]?.stringValue)
            #expect(message == "No valid host: 3 hosts; not alive or disabled 0; RAM removed 0; VCPU removed 0; "
                + "PCI removed 3 (no free VF on physnet1 with mirroring.in in 3, PF/VF conflict in 0); NUMA removed 0")
            try await B.expectUnbound(client, port, userProfile: [:])
            // Without the requirement, an mlx5 VF will do.
            let relaxed = try await PortAPI.updatePort(client, port, [Self.field: []])
            #expect(relaxed.status == 200, "\(relaxed.json)")
            let (_, placed) = try await C.boot(client, name: "vm4", flavor: flavor, networks: [["port": .string(port)]])
            #expect(["compute1", "compute3"].contains(placed["OS-EXT-SRV-ATTR:host"]?.stringValue ?? ""))
        }
    }
}
