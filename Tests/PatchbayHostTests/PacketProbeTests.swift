import NetnsTesting
import Testing

@Suite("NetnsTesting: namespaces, packet probes and raw frames")
struct PacketProbeTests {
    @Test func framesCarryAValidIPv4HeaderAndTheTag() throws {
        let frame = try EthernetFrame.udp(source: "02:00:00:00:00:01", vlan: 101, sourceIP: "192.168.0.1",
                                          destinationIP: "192.168.0.199", port: 4000, payload: Array(repeating: 0, count: 87))
        #expect(frame.prefix(6).allSatisfy { $0 == 0xff })
        #expect(Array(frame[12..<18]) == [0x81, 0x00, 0x00, 101, 0x08, 0x00])
        // The header of Wikipedia's IPv4 checksum example: 0xb861 (DF set, TTL 64, UDP).
        #expect(Array(frame[18..<38]) == [0x45, 0, 0, 0x73, 0, 0, 0x40, 0, 0x40, 0x11, 0xb8, 0x61,
                                          192, 168, 0, 1, 192, 168, 0, 199])
        #expect(frame.count == 18 + 20 + 8 + 87)
    }

    @Test(arguments: ["02:00:00:00:01", "zz:00:00:00:00:01"])
    func badMACs_Fail(_ mac: String) {
        #expect(throws: NetnsError.self) {
            try EthernetFrame.udp(source: mac, vlan: nil, sourceIP: "10.0.0.1", destinationIP: "10.0.0.2",
                                  port: 1, payload: [])
        }
    }

    @Test(.enabled(if: NetworkNamespace.isAvailable, "needs root and ip netns"))
    func aProbeArrivesOverALinkAndNotWithoutIt() async throws {
        let a = try NetworkNamespace.create(), b = try NetworkNamespace.create()
        defer { a.delete(); b.delete() }
        try a.addVeth("va", peer: "vb", in: b)
        try a.addAddress("10.9.0.1/24", to: "va")
        try b.addAddress("10.9.0.2/24", to: "vb")
        try b.ip("link", "set", "dev", "vb", "address", "02:00:00:00:00:0b")
        #expect(try await b.macAddress(of: "vb") == "02:00:00:00:00:0b")
        #expect(try await a.macAddress(of: "vb") == nil, "the link is read inside its own namespace")

        let probe = PacketProbe(timeout: .milliseconds(800))
        #expect(try await probe.udp(from: a, to: "10.9.0.2", listeners: [b]).delivered == [b])
        #expect(try await probe.udp(from: a, to: "10.9.0.255", listeners: [b]).delivered == [b])
        try b.ip("link", "set", "dev", "vb", "down")
        let cut = try await probe.udp(from: a, to: "10.9.0.255", listeners: [b])
        #expect(cut.seen.isEmpty && cut.delivered.isEmpty)
    }

    @Test(.enabled(if: NetworkNamespace.isAvailable, "needs root and ip netns"))
    func aDeletedNamespace_Fails() async throws {
        let gone = try NetworkNamespace.create()
        gone.delete()
        await #expect(throws: NetnsError.self) { try await gone.perform { 1 } }
        #expect(throws: NetnsError.self) { try gone.ip("link", "show") }
    }
}
