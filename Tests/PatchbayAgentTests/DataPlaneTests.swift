import NetnsTesting
import PatchbayCore
import Testing

@Suite("Agents wire a real Linux data plane between two hosts",
       .requires(NetworkNamespace.isAvailable, "root and ip netns"),
       .serialized)
struct DataPlaneTests {
    @Test func guestsOnOneVLANReachEachOtherAcrossHostsAndOtherVLANsDoNot() async throws {
        try await TwoHostLab.run { lab in
            let red = try await lab.network("vlan", physnet: "physnet1", segment: 101)
            let blue = try await lab.network("vlan", physnet: "physnet1", segment: 102)
            let redOne = try await lab.boundPort(network: red, host: 0)
            let redTwo = try await lab.boundPort(network: red, host: 1)
            let blueTwo = try await lab.boundPort(network: blue, host: 1)
            let a = try lab.plugGuest(port: redOne, host: 0, cidr: "10.1.0.1/24")
            let b = try lab.plugGuest(port: redTwo, host: 1, cidr: "10.1.0.2/24")
            let c = try lab.plugGuest(port: blueTwo, host: 1, cidr: "10.1.0.3/24")
            await lab.converge()
            for port in [redOne, redTwo, blueTwo] { #expect(try await lab.portStatus(port) == "ACTIVE") }
            let broadcast = try await PacketProbe().udp(from: a, to: "10.1.0.255", listeners: [b, c])
            #expect(broadcast.delivered == [b])
            #expect(!broadcast.seen.contains(c))
            let unicast = try await PacketProbe().udp(from: b, to: "10.1.0.1", listeners: [a])
            #expect(unicast.delivered == [a])
            let quiet = await lab.agents[0].pass()
            #expect(quiet.changedNothing)
        }
    }

    @Test func guestsOnOneVXLANReachEachOtherOverTheUplinksAndOtherVNIsDoNot() async throws {
        try await TwoHostLab.run { lab in
            let green = try await lab.network("vxlan", segment: 1001)
            let amber = try await lab.network("vxlan", segment: 1002)
            let greenOne = try await lab.boundPort(network: green, host: 0)
            let greenTwo = try await lab.boundPort(network: green, host: 1)
            let amberTwo = try await lab.boundPort(network: amber, host: 1)
            let a = try lab.plugGuest(port: greenOne, host: 0, cidr: "10.2.0.1/24")
            let b = try lab.plugGuest(port: greenTwo, host: 1, cidr: "10.2.0.2/24")
            let c = try lab.plugGuest(port: amberTwo, host: 1, cidr: "10.2.0.3/24")
            await lab.converge()
            for port in [greenOne, greenTwo, amberTwo] { #expect(try await lab.portStatus(port) == "ACTIVE") }
            let broadcast = try await PacketProbe().udp(from: a, to: "10.2.0.255", listeners: [b, c])
            #expect(broadcast.delivered == [b])
            #expect(!broadcast.seen.contains(c))
            let unicast = try await PacketProbe().udp(from: b, to: "10.2.0.1", listeners: [a])
            #expect(unicast.delivered == [a])
        }
    }

    @Test func aMacvtapPortGetsTheMacvtapWithThePortsMACAndGoesAwayWithThePort() async throws {
        try await TwoHostLab.run { lab in
            let flat = try await lab.network("flat", physnet: "physnet2")
            let port = try await lab.boundPort(network: flat, host: 0)
            #expect(port["binding:vif_type"] == "macvtap")
            await lab.converge()
            let id = try #require(port["id"]?.stringValue)
            let name = "mvt" + String(id.prefix(11))
            #expect(try await lab.hosts[0].macAddress(of: name) == port["mac_address"]?.stringValue)
            #expect(try await lab.portStatus(port) == "ACTIVE")
            _ = try await lab.client.send("DELETE", "/network/v2.0/ports/\(id)")
            await lab.converge(rounds: 1)
            #expect(!lab.hosts[0].hasLink(name))
        }
    }
}
