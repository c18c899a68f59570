import NetnsTesting
import PatchbayCore
import PatchbayHost
import Testing

@Suite("L2 data plane in real namespaces: VXLAN with head-end replication",
       .serialized, .enabled(if: NetworkNamespace.isAvailable, "needs root and ip netns"))
struct L2VXLANDataPlaneTests {
    static let p1 = "11111111-0000-4000-8000-000000000001", p2 = "22222222-0000-4000-8000-000000000002"
    static let p3 = "33333333-0000-4000-8000-000000000003"
    static let vtep1 = "192.0.2.1", vtep2 = "192.0.2.2"
    static let host1Intents = [L2Lab.vxlan(p1, vni: 1001, local: vtep1, peers: [vtep2])]
    static let host2Intents = [L2Lab.vxlan(p2, vni: 1001, local: vtep2, peers: [vtep1]),
                               L2Lab.vxlan(p3, vni: 1002, local: vtep2, peers: [vtep1])]

    @Test func guestsReachEachOtherOnlyWithinTheirVNI() async throws {
        let lab = try L2Lab()
        defer { lab.tearDown() }
        let host1 = try lab.addHost(underlayAddress: Self.vtep1 + "/24")
        let host2 = try lab.addHost(underlayAddress: Self.vtep2 + "/24")
        let g1 = try lab.addGuest(on: host1, portID: Self.p1, address: "10.1.0.1/24")
        let g2 = try lab.addGuest(on: host2, portID: Self.p2, address: "10.1.0.2/24")
        let g3 = try lab.addGuest(on: host2, portID: Self.p3, address: "10.1.0.3/24")

        #expect(try lab.executor(on: host1).reconcile(Self.host1Intents).readyPorts == [Self.p1])
        #expect(try lab.executor(on: host2).reconcile(Self.host2Intents).readyPorts == [Self.p2, Self.p3])
        #expect(try lab.executor(on: host1).reconcile(Self.host1Intents).actions == [])
        #expect(try lab.executor(on: host2).reconcile(Self.host2Intents).actions == [])

        let state = try lab.links(on: host2).snapshot()
        #expect(state.peers(of: "vxlan-1001") == [Self.vtep1])
        #expect(state.links["vxlan-1002"]?.vxlan == .init(vni: 1002, localIP: Self.vtep2, underlay: L2Lab.uplink))
        #expect(state.links["vxlan-1002"]?.master == "pbvx-1002")

        let probe = PacketProbe()
        let broadcast = try await probe.udp(from: g1, to: "10.1.0.255", listeners: [g2, g3])
        #expect(broadcast.delivered == [g2])
        #expect(broadcast.seen == [g2], "VNI 1002 sees nothing of VNI 1001")
        #expect(try await probe.udp(from: g1, to: "10.1.0.2", listeners: [g2]).delivered == [g2])
        #expect(try await probe.udp(from: g3, to: "10.1.0.255", listeners: [g1, g2]).seen.isEmpty)
    }

    @Test func peersFollowTheIntentsAndAnUnusedVNIIsDeleted() throws {
        let lab = try L2Lab()
        defer { lab.tearDown() }
        let host = try lab.addHost(underlayAddress: Self.vtep2 + "/24")
        _ = try lab.addGuest(on: host, portID: Self.p2, address: "10.1.0.2/24")
        _ = try lab.addGuest(on: host, portID: Self.p3, address: "10.1.0.3/24")
        let executor = lab.executor(on: host)
        try executor.reconcile(Self.host2Intents)

        let moved = [L2Lab.vxlan(Self.p2, vni: 1001, local: Self.vtep2, peers: ["192.0.2.7"])]
        #expect(try executor.reconcile(moved).actions == [
            .deleteLink("pbvx-1002"), .deleteLink("vxlan-1002"),
            .addFloodPeer(device: "vxlan-1001", peer: "192.0.2.7"),
            .removeFloodPeer(device: "vxlan-1001", peer: Self.vtep1),
        ])
        let state = try lab.links(on: host).snapshot()
        #expect(state.links["vxlan-1002"] == nil && state.links["pbvx-1002"] == nil)
        #expect(state.links[L2PortIntent.tapName(portID: Self.p3)]?.master == nil, "the tap is left, unplugged")
        #expect(state.peers(of: "vxlan-1001") == ["192.0.2.7"])
        #expect(try executor.reconcile(moved).actions == [])
    }
}
