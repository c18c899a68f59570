import NetnsTesting
import PatchbayCore
import PatchbayHost
import Testing

@Suite("L2 data plane in real namespaces: VLAN access ports and flat ports",
       .serialized, .enabled(if: NetworkNamespace.isAvailable, "needs root and ip netns"))
struct L2VLANDataPlaneTests {
    // Ports: 1 and 5 on host 1, 2, 3 and 4 on host 2; all guests share one IP subnet, so only
    // layer 2 keeps them apart.
    static let p1 = "11111111-0000-4000-8000-000000000001", p2 = "22222222-0000-4000-8000-000000000002"
    static let p3 = "33333333-0000-4000-8000-000000000003", p4 = "44444444-0000-4000-8000-000000000004"
    static let p5 = "55555555-0000-4000-8000-000000000005"
    static let host1Intents = [L2Lab.bridged(p1, vlan: 101), L2Lab.bridged(p5, vlan: nil)]
    static let host2Intents = [L2Lab.bridged(p2, vlan: 101), L2Lab.bridged(p3, vlan: 102), L2Lab.bridged(p4, vlan: nil)]

    @Test func eachGuestReachesOnlyItsSegmentAcrossHosts() async throws {
        let lab = try L2Lab()
        defer { lab.tearDown() }
        let host1 = try lab.addHost(), host2 = try lab.addHost()
        let g1 = try lab.addGuest(on: host1, portID: Self.p1, address: "10.0.101.1/24")
        let g5 = try lab.addGuest(on: host1, portID: Self.p5, address: "10.0.101.5/24")
        let g2 = try lab.addGuest(on: host2, portID: Self.p2, address: "10.0.101.2/24")
        let g3 = try lab.addGuest(on: host2, portID: Self.p3, address: "10.0.101.3/24")
        let g4 = try lab.addGuest(on: host2, portID: Self.p4, address: "10.0.101.4/24")
        let wire = try lab.addSwitchPort(prefix: "pbw", link: "eth0", address: "10.0.101.9/24")

        let probe = PacketProbe()
        let before = try await probe.udp(from: g1, to: "10.0.101.255", listeners: [g2])
        #expect(before.seen.isEmpty, "nothing is plugged before the agent runs")

        #expect(try lab.executor(on: host1).reconcile(Self.host1Intents).readyPorts == [Self.p1, Self.p5])
        #expect(try lab.executor(on: host2).reconcile(Self.host2Intents).readyPorts == [Self.p2, Self.p3, Self.p4])

        let vlan101 = try await probe.udp(from: g1, to: "10.0.101.255", listeners: [g2, g3, g4, g5, wire])
        #expect(vlan101.delivered == [g2])
        #expect(vlan101.seen == [g2, wire], "on the wire the frame is tagged, so the trunk peer's stack drops it")

        let flat = try await probe.udp(from: g5, to: "10.0.101.255", listeners: [g1, g2, g3, g4, wire])
        #expect(flat.delivered == [g4, wire])
        #expect(flat.seen == [g4, wire])

        #expect(try await probe.udp(from: g1, to: "10.0.101.2", listeners: [g2]).delivered == [g2])
        #expect(try await probe.udp(from: g3, to: "10.0.101.255", listeners: [g1, g2, g4, g5]).seen.isEmpty)
    }

    @Test func reconcileReadsBackWhatItDidAndThenDoesNothing() throws {
        let lab = try L2Lab()
        defer { lab.tearDown() }
        let host = try lab.addHost()
        _ = try lab.addGuest(on: host, portID: Self.p1, address: "10.0.101.1/24")
        _ = try lab.addGuest(on: host, portID: Self.p5, address: "10.0.101.5/24")
        let executor = lab.executor(on: host)
        let created = try executor.reconcile(Self.host1Intents + [L2Lab.bridged(Self.p2, vlan: 101)])
        #expect(created.readyPorts == [Self.p1, Self.p2, Self.p5], "port 2's tap is created by the agent")

        let state = try lab.links(on: host).snapshot()
        let tap1 = L2PortIntent.tapName(portID: Self.p1), tap5 = L2PortIntent.tapName(portID: Self.p5)
        let tap2 = L2PortIntent.tapName(portID: Self.p2)
        #expect(state.accessVLAN(of: tap1) == .vlan(101))
        #expect(state.accessVLAN(of: tap5) == .flat)
        #expect(state.links[tap1]?.master == L2Lab.physnetBridge && state.links[tap1]?.isUp == true)
        #expect(state.links[L2Lab.uplink]?.master == L2Lab.physnetBridge)
        #expect(state.links[tap2]?.kind == "tun" && state.links[tap2]?.master == L2Lab.physnetBridge)
        #expect(state.accessVLAN(of: tap2) == .vlan(101), "the agent's tap carries its programs")
        #expect(state.links[tap2]?.hasCarrier == false, "no guest holds it yet")
        #expect(try executor.reconcile(Self.host1Intents + [L2Lab.bridged(Self.p2, vlan: 101)]).actions == [])
        #expect(try executor.reconcile(Self.host1Intents).actions == [.deleteLink(tap2)], "an unheld tap goes with its port")
        #expect(!host.hasLink(tap2))
        #expect(try executor.reconcile(Self.host1Intents).actions == [])

        let moved = try executor.reconcile([L2Lab.bridged(Self.p1, vlan: 102), L2Lab.bridged(Self.p5, vlan: nil)])
        #expect(moved.actions == [.setAccessVLAN(device: tap1, vlan: .vlan(102))])
        #expect(try lab.links(on: host).snapshot().accessVLAN(of: tap1) == .vlan(102))
    }
}
