import NetnsTesting
import PatchbayCore
import PatchbayHost
import Testing

@Suite("Bump in the wire with tc redirects in real namespaces", .serialized,
       .requires(NetworkNamespace.isAvailable, "root and ip netns"))
struct InlineDataPlaneTests {
    static let echoPort: UInt16 = 7_000, discardPort: UInt16 = 9

    /// A and B on a host bridge; a bump namespace whose bridge joins the host's `tP` (guest
    /// side) and `tR` (network side) and drops UDP to port 9, as a firewall guest would.
    static func bump(in lab: TapLab, host: NetworkNamespace) throws -> NetworkNamespace {
        let bump = try lab.namespace(prefix: "pbmb")
        try bump.addBridge("bbr")
        for (hostEnd, bumpEnd) in [("tP", "p0"), ("tR", "r0")] {
            try host.addVeth(hostEnd, peer: bumpEnd, in: bump)
            try bump.enslave(bumpEnd, to: "bbr")
        }
        try bump.run("/usr/sbin/ebtables", ["-A", "FORWARD", "-p", "IPv4", "--ip-proto", "udp",
                                             "--ip-dport", "\(discardPort)", "-j", "DROP"])
        return bump
    }

    /// Echoes A→B, datagrams A→B's port 9: how many of `count` came back, and arrived.
    static func traffic(_ a: NetworkNamespace, _ discard: UDPEcho, count: Int = 6) async throws -> (echoed: Int, discarded: Int) {
        let before = discard.datagrams.count
        let echoed = try await UDPEcho.roundTrips(from: a, to: "10.7.0.2", port: echoPort,
                                                  payloads: UDPEcho.tokens("echo", count: count), timeout: .milliseconds(300))
        try await UDPEcho.roundTrips(from: a, to: "10.7.0.2", port: discardPort, sourcePort: 47_101,
                                     payloads: UDPEcho.tokens("nine", count: count), timeout: .milliseconds(50))
        try await Task.sleep(for: .milliseconds(200))
        return (echoed.count, discard.datagrams.count - before)
    }

    @Test(arguments: [TapDirection.both, .out])
    func theBumpRemovesExactlyItsDropsAndFailsOpenOrClosedWhenDown(direction: TapDirection) async throws {
        let lab = TapLab()
        defer { lab.tearDown() }
        let host = try lab.addHost()
        let a = try lab.addGuest(on: host, tap: "tA", address: "10.7.0.1/24")
        let b = try lab.addGuest(on: host, tap: "tB", address: "10.7.0.2/24")
        _ = try Self.bump(in: lab, host: host)
        let echo = try await UDPEcho(namespace: b, port: Self.echoPort)
        let discard = try await UDPEcho(namespace: b, port: Self.discardPort, echoes: false)
        defer { echo.stop(); discard.stop() }
        let seam = lab.mirroring(on: host), devices: Set<String> = ["tA", "tP", "tR"]

        let direct = try await Self.traffic(a, discard)
        #expect(direct.echoed == 6 && direct.discarded == 6, "without the bump everything arrives")

        var inline = InlineRule(source: "tA", direction: direction, guestSide: "tP", networkSide: "tR")
        try seam.converge(inline.tcRules(bumpUp: true), devices: devices)
        #expect(try seam.converge(inline.tcRules(bumpUp: true), devices: devices).isEmpty)
        let through = try await Self.traffic(a, discard)
        #expect(through.echoed == 6, "A↔B through the bump")
        #expect(through.discarded == 0, "the bump drops every datagram to port 9")

        try host.ip("link", "set", "dev", "tP", "down")
        try host.ip("link", "set", "dev", "tR", "down")
        try seam.converge(inline.tcRules(bumpUp: false), devices: devices)
        let open = try await Self.traffic(a, discard)
        #expect(open.echoed == 6 && open.discarded == 6, "failing open restores the direct path")

        inline.failMode = .closed
        try seam.converge(inline.tcRules(bumpUp: false), devices: devices)
        let closed = try await Self.traffic(a, discard)
        #expect(closed.echoed == 0 && closed.discarded == 0, "failing closed drops everything")
    }
}
