import NetnsTesting
import PatchbayCore
import PatchbayHost
import Testing

@Suite("Port mirroring on macvtap devices, read through their tap queues", .serialized,
       .requires(NetworkNamespace.isAvailable, "root and ip netns"))
struct MacvtapMirrorDataPlaneTests {
    /// A macvtap `name` in bridge mode on `lower`, up.
    static func addMacvtap(_ name: String, on lower: String, in host: NetworkNamespace) throws {
        try host.ip("link", "add", name, "link", lower, "type", "macvtap", "mode", "bridge")
        try host.setUp(name)
    }

    static func frame(from mac: String, _ payload: [UInt8]) throws -> [UInt8] {
        try EthernetFrame.udp(source: mac, vlan: nil, sourceIP: "10.7.0.8", destinationIP: "10.7.0.255",
                              port: 9_999, payload: payload)
    }

    @Test(arguments: TapDirection.allCases)
    func aMacvtapGuestsSentFramesCrossItsEgressAndReceivedFramesItsIngress(direction: TapDirection) async throws {
        let lab = TapLab()
        defer { lab.tearDown() }
        let host = try lab.addHost()
        let wire = try lab.addGuest(on: host, tap: "lw", address: "10.7.0.9/24", bridged: false)
        let m = try lab.addGuest(on: host, tap: "tM", address: "10.7.0.3/24", bridged: false)
        try Self.addMacvtap("mvA", on: "lw", in: host)
        let queue = try MacvtapQueue(namespace: host, link: "mvA")
        let macA = try #require(try await host.macAddress(of: "mvA"))
        let macWire = try #require(try await wire.macAddress(of: "eth0"))
        try lab.mirroring(on: host).converge(
            MirrorRule(source: "mvA", sourceKind: .macvtap, direction: direction, target: "tM").tcRules)

        let atM = try await TapLab.capture(m), atWire = try await TapLab.capture(wire)
        let received = UDPEcho.tokens("to-guest", count: 1)[0], sent = UDPEcho.tokens("from-guest", count: 1)[0]
        try await FrameSender(namespace: wire, link: "eth0").send(try Self.frame(from: macWire, received))
        try queue.send(try Self.frame(from: macA, sent))
        try await Task.sleep(for: .milliseconds(200))

        #expect(UDPEcho.occurrences(of: received, in: queue.drain(milliseconds: 100)) == 1, "the guest got the wire's frame")
        #expect(UDPEcho.occurrences(of: sent, in: atWire.drain(milliseconds: 100)) == 1, "the wire got the guest's frame")
        let copies = atM.drain(milliseconds: 100)
        #expect(UDPEcho.occurrences(of: received, in: copies) == (direction.includesReceived ? 1 : 0))
        #expect(UDPEcho.occurrences(of: sent, in: copies) == (direction.includesSent ? 1 : 0))
    }

    @Test func copiesHandedToAMacvtapAtItsIngressReachItsGuestsQueue() async throws {
        let lab = TapLab()
        defer { lab.tearDown() }
        let host = try lab.addHost()
        let a = try lab.addGuest(on: host, tap: "tA", address: "10.7.0.1/24")
        let b = try lab.addGuest(on: host, tap: "tB", address: "10.7.0.2/24")
        _ = try lab.addGuest(on: host, tap: "lm", address: "10.7.1.9/24", bridged: false)
        try Self.addMacvtap("mvM", on: "lm", in: host)
        let monitor = try MacvtapQueue(namespace: host, link: "mvM")
        let echo = try await UDPEcho(namespace: b, port: 7_000)
        defer { echo.stop() }
        try lab.mirroring(on: host).converge(
            MirrorRule(source: "tA", direction: .both, target: "mvM", targetKind: .macvtap).tcRules)

        let tokens = UDPEcho.tokens("to-macvtap", count: 6)
        let echoed = try await UDPEcho.roundTrips(from: a, to: "10.7.0.2", port: 7_000, payloads: tokens)
        #expect(echoed == tokens)
        let frames = monitor.drain(milliseconds: 300) + monitor.drain(milliseconds: 100)
        for token in tokens { #expect(UDPEcho.occurrences(of: token, in: frames) == 2) }
    }
}
