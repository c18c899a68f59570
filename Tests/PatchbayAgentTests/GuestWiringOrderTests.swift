import NetnsTesting
import PatchbayCore
import PatchbayHost
import Testing

/// The agent's pass wires a guest's taps before it defines the guest: a guest whose links could
/// not be made is neither defined nor started, and starts once they are.
@Suite("A guest is defined only once its taps are filtered and on their bridge",
       .enabled(if: NetworkNamespace.isAvailable, "needs root and ip netns: the agent wiring tests are skipped"),
       .serialized)
struct GuestWiringOrderTests {
    @Test func aGuestWaitsForItsTapAndStartsOnceTheLinksAreWired() async throws {
        try await AgentHarness.run(mappings: AgentMappings(bridgeMappings: ["physnet1": "uplink9"])) { try await run($0) }
    }

    private func run(_ harness: AgentHarness) async throws {
        let agent = try harness.makeAgent()
        await harness.register(agent)
        let network = try await harness.client.post("/network/v2.0/networks", ["network": [
            "name": "n101", "provider:network_type": "vlan", "provider:physical_network": "physnet1",
            "provider:segmentation_id": 101]])
        let networkId = try #require(network.json["network"]?["id"]?.stringValue)
        let port = try await harness.client.post("/network/v2.0/ports", ["port": ["network_id": .string(networkId)]])
        let portId = try #require(port.json["port"]?["id"]?.stringValue)
        let flavor = try await harness.client.post("/compute/v2.1/flavors", ["flavor": [
            "name": "f-wiring", "ram": 64, "vcpus": 1, "disk": 0]])
        let flavorId = try #require(flavor.json["flavor"]?["id"]?.stringValue)
        let created = try await harness.client.post("/compute/v2.1/servers", ["server": [
            "name": "vm", "flavorRef": .string(flavorId), "imageRef": "", "networks": [["port": .string(portId)]]]])
        let serverId = try #require(created.json["server"]?["id"]?.stringValue, "\(created.json)").lowercased()
        #expect(try await harness.portBody(portId)["binding:vif_type"] == "bridge")

        // The uplink of physnet1 does not exist yet: the links pass fails, so the guest waits.
        var blocked: [GuestAction] = []
        for _ in 0..<3 { blocked += await agent.pass().guestActions }
        #expect(blocked.isEmpty, "\(blocked)")
        #expect(try harness.hypervisor.domains().contains { $0.uuid == serverId } == false, "the guest is not even defined")

        try harness.namespace.addVeth("uplink9", peer: "uplink9p")
        let wired = try await harness.converge(agent) { $0.runningGuests.contains(serverId) }
        #expect(wired.runningGuests.contains(serverId))
        let tap = PortDevice.tapName(portID: portId)
        let state = try IPCommandLinks(namespace: harness.namespace.name, programDirectory: harness.config.programDirectory).snapshot()
        #expect(state.links[tap]?.kind == "tun", "the agent created the guest's tap")
        #expect(state.links[tap]?.master == LinuxBridgeDriver.bridgeName(physicalNetwork: "physnet1"))
        #expect(state.accessVLAN(of: tap) == .vlan(101))
        let defined = try #require(wired.guestActions.firstIndex { if case .define = $0 { true } else { false } })
        #expect(defined == wired.guestActions.startIndex, "define comes first in its pass: \(wired.guestActions)")
    }
}
