import NetnsTesting
import PatchbayCore
import Testing

@Suite("L2 access ports against 802.1Q tags on the wire and from guests",
       .serialized, .enabled(if: NetworkNamespace.isAvailable, "needs root and ip netns"))
struct L2TaggedFrameTests {
    static let p1 = "11111111-0000-4000-8000-000000000001", p3 = "33333333-0000-4000-8000-000000000003"
    static let p5 = "55555555-0000-4000-8000-000000000005"

    /// A raw broadcast frame builder for the probe's payload, tagged `vlan` when given.
    static func frame(vlan: Int?, from address: String, port: UInt16) -> @Sendable ([UInt8]) throws -> [UInt8] {
        { payload in
            try EthernetFrame.udp(source: "02:00:00:00:00:99", vlan: vlan, sourceIP: address,
                                  destinationIP: "10.0.101.255", port: port, payload: payload)
        }
    }

    @Test func wireTagsReachOnlyTheirVLANAndGuestsCannotInjectTags() async throws {
        let lab = try L2Lab()
        defer { lab.tearDown() }
        let host = try lab.addHost()
        let g1 = try lab.addGuest(on: host, portID: Self.p1, address: "10.0.101.1/24")
        let g3 = try lab.addGuest(on: host, portID: Self.p3, address: "10.0.101.3/24")
        let g5 = try lab.addGuest(on: host, portID: Self.p5, address: "10.0.101.5/24")
        let wire = try lab.addSwitchPort(prefix: "pbw", link: "eth0", address: "10.0.101.9/24")
        try lab.executor(on: host).reconcile([L2Lab.bridged(Self.p1, vlan: 101), L2Lab.bridged(Self.p3, vlan: 102),
                                              L2Lab.bridged(Self.p5, vlan: nil)])
        let probe = PacketProbe(), port = probe.port

        for (vlan, guest) in [(101, g1), (102, g3)] {
            let tagged = try await probe.frames(from: wire, link: "eth0", listeners: [g1, g3, g5],
                                                frame: Self.frame(vlan: vlan, from: "10.0.101.9", port: port))
            #expect(tagged.delivered == [guest], "a frame tagged \(vlan) on the trunk reaches its guest untagged")
            #expect(tagged.seen == [guest])
        }
        let untagged = try await probe.frames(from: wire, link: "eth0", listeners: [g1, g3, g5],
                                              frame: Self.frame(vlan: nil, from: "10.0.101.9", port: port))
        #expect(untagged.delivered == [g5] && untagged.seen == [g5])

        let fromFlat = try await probe.frames(from: g5, link: "eth0", listeners: [g1, g3, wire],
                                              frame: Self.frame(vlan: 101, from: "10.0.101.5", port: port))
        #expect(fromFlat.seen.isEmpty, "a flat guest cannot inject into VLAN 101")
        let doubleTagged = try await probe.frames(from: g1, link: "eth0", listeners: [g3, g5, wire],
                                                  frame: Self.frame(vlan: 102, from: "10.0.101.1", port: port))
        #expect(doubleTagged.seen.isEmpty, "a VLAN guest's own tag is dropped, not tunnelled")
        let plain = try await probe.frames(from: g1, link: "eth0", listeners: [g3, g5, wire],
                                           frame: Self.frame(vlan: nil, from: "10.0.101.1", port: port))
        #expect(plain.seen == [wire] && plain.delivered.isEmpty, "the guest's untagged frame leaves tagged 101")
    }
}
