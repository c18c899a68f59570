import NetnsTesting
import PatchbayCore
import Testing

@Suite("One bad port stays DOWN with its reason while the others converge; links the agent did not create stay",
       .requires(NetworkNamespace.isAvailable, "root and ip netns"), .serialized)
struct AgentContainmentTests {
    @Test func aMacvtapPortWithoutItsLowerDeviceIsDownWithItsReasonWhileBridgeAndVXLANPortsGoActive_Fails() async throws {
        try await TwoHostLab.run { lab in
            let vlan = try await lab.network("vlan", physnet: "physnet1", segment: 101)
            let green = try await lab.network("vxlan", segment: 1001)
            let flat = try await lab.network("flat", physnet: "physnet2")
            let bridged = try await lab.boundPort(network: vlan, host: 0)
            let tunnelled = try await lab.boundPort(network: green, host: 0)
            let macvtap = try await lab.boundPort(network: flat, host: 0)
            let badId = try #require(macvtap["id"]?.stringValue)
            _ = try lab.plugGuest(port: bridged, host: 0, cidr: "10.1.0.1/24")
            _ = try lab.plugGuest(port: tunnelled, host: 0, cidr: "10.2.0.1/24")
            _ = try lab.hosts[0].ip("link", "del", "uplink2")   // the macvtap's lower device is gone
            let result = await lab.agents[0].pass()
            #expect(try await lab.portStatus(bridged) == "ACTIVE")
            #expect(try await lab.portStatus(tunnelled) == "ACTIVE")
            #expect(try await lab.portStatus(macvtap) == "DOWN")
            let reason = try #require(result.reportedReasons[badId])
            #expect(reason.contains("Cannot create macvtap") && reason.contains("uplink2"))
            #expect(result.reportedDown == [badId])
            #expect(lab.hosts[0].hasLink("vxlan-1001") && lab.hosts[0].hasLink("pbr-physnet1"))
            // The reason was delivered: a pass that finds the same problem sends nothing.
            let again = await lab.agents[0].pass()
            #expect(again.reportedReasons.isEmpty && again.reportedDown.isEmpty && again.reportedUp.isEmpty)
            #expect(again.portProblems[badId] == reason)
        }
    }

    @Test func foreignLinksWithTheAgentsNamesSurviveAndTheAgentsOwnAreRemoved() async throws {
        try await TwoHostLab.run { lab in
            let host = lab.hosts[0]
            _ = try host.ip("link", "add", "vxlan-100", "type", "vxlan", "id", "100", "dstport", "4789", "local", "192.0.2.1")
            _ = try host.ip("link", "add", "pbvx-100", "type", "bridge")
            _ = try host.ip("link", "add", "link", "uplink2", "name", "mvtforeign", "type", "macvtap", "mode", "bridge")
            let green = try await lab.network("vxlan", segment: 1001)
            let port = try await lab.boundPort(network: green, host: 0)
            _ = try lab.plugGuest(port: port, host: 0, cidr: "10.2.0.1/24")
            await lab.converge()
            #expect(try await lab.portStatus(port) == "ACTIVE")
            #expect(host.hasLink("vxlan-1001") && host.hasLink("pbvx-1001"))
            _ = try await lab.client.send("DELETE", "/network/v2.0/ports/\(port["id"]?.stringValue ?? "")")
            await lab.converge()
            #expect(!host.hasLink("vxlan-1001") && !host.hasLink("pbvx-1001"))
            for foreign in ["vxlan-100", "pbvx-100", "mvtforeign"] { #expect(host.hasLink(foreign), "\(foreign) was deleted") }
        }
    }
}
