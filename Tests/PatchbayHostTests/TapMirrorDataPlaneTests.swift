import NetnsTesting
import PatchbayCore
import PatchbayHost
import Testing

@Suite("Port mirroring with tc in real namespaces", .serialized,
       .requires(NetworkNamespace.isAvailable, "root and ip netns"))
struct TapMirrorDataPlaneTests {
    static let echoPort: UInt16 = 7_000

    /// A host with guests A and B on its bridge, B echoing, and monitor M off the bridge (so
    /// only copies reach it and their count is exact).
    struct Scene {
        let lab = TapLab()
        let host: NetworkNamespace, a: NetworkNamespace, b: NetworkNamespace, m: NetworkNamespace
        let echo: UDPEcho

        init() async throws {
            let lab = self.lab
            do {
                host = try lab.addHost()
                a = try lab.addGuest(on: host, tap: "tA", address: "10.7.0.1/24")
                b = try lab.addGuest(on: host, tap: "tB", address: "10.7.0.2/24")
                m = try lab.addGuest(on: host, tap: "tM", address: "10.7.0.3/24", bridged: false)
                echo = try await UDPEcho(namespace: b, port: TapMirrorDataPlaneTests.echoPort)
            } catch {
                lab.tearDown()
                throw error
            }
        }

        func tearDown() {
            echo.stop()
            lab.tearDown()
        }

        /// Sends `count` datagrams A→B and back; returns the echoed tokens and M's frames.
        func exchange(_ label: String, count: Int = 8) async throws -> (echoed: [[UInt8]], sent: [[UInt8]], atM: [[UInt8]]) {
            let capture = try await TapLab.capture(m)
            _ = capture.drain()
            let tokens = UDPEcho.tokens(label, count: count)
            let echoed = try await UDPEcho.roundTrips(from: a, to: "10.7.0.2", port: TapMirrorDataPlaneTests.echoPort,
                                                      payloads: tokens)
            return (echoed, tokens, capture.drain(milliseconds: 200) + capture.drain(milliseconds: 100))
        }
    }

    static func rule(_ direction: TapDirection, filter: String? = nil, segment: Int? = nil) -> MirrorRule {
        MirrorRule(source: "tA", direction: direction, vlanFilter: filter.flatMap(VLANRanges.init(parsing:)),
                   sourceSegmentVID: segment, target: "tM")
    }

    @Test func directionsCopyEachFrameToTheMonitorExactlyOnceAndDeletingStopsThem() async throws {
        let scene = try await Scene()
        defer { scene.tearDown() }
        let seam = scene.lab.mirroring(on: scene.host)
        let macA = try #require(try await scene.a.macAddress(of: "eth0"))
        _ = try await scene.exchange("warm", count: 1)

        let expectations: [(TapDirection, Int, Bool?)] = [(.both, 2, nil), (.in, 1, false), (.out, 1, true)]
        for (direction, copies, fromA) in expectations {
            #expect(try !seam.converge(Self.rule(direction).tcRules, devices: ["tA"]).isEmpty)
            let again = try seam.converge(Self.rule(direction).tcRules, devices: ["tA"])
            let present = try seam.installedRules(on: "tA")
            #expect(again.isEmpty, "converged: \(again) over \(present)")
            let run = try await scene.exchange("\(direction)")
            #expect(run.echoed == run.sent, "A↔B unchanged with a \(direction) flow")
            for token in run.sent {
                let frames = UDPEcho.frames(carrying: token, in: run.atM)
                #expect(frames.count == copies, "\(direction): \(frames.count) copies of a datagram at M")
                if let fromA {
                    let source = frames.first.map { Self.mac($0[6..<12]) }
                    #expect(fromA ? source == macA : source != macA, "\(direction) copies what A \(fromA ? "sends" : "receives")")
                }
            }
        }
        #expect(try seam.converge([], devices: ["tA"]).count == 1)
        #expect(try seam.installedRules(on: "tA").isEmpty)
        let after = try await scene.exchange("deleted")
        #expect(after.echoed == after.sent)
        #expect(after.sent.allSatisfy { UDPEcho.occurrences(of: $0, in: after.atM) == 0 }, "no copies after deletion")
    }

    @Test func theSegmentVIDDecidesForAnAccessPortsUntaggedFrames() async throws {
        let scene = try await Scene()
        defer { scene.tearDown() }
        let seam = scene.lab.mirroring(on: scene.host)
        _ = try await scene.exchange("warm", count: 1)

        try seam.converge(Self.rule(.both, filter: "100-110", segment: 105).tcRules)
        let inFilter = try await scene.exchange("in-filter")
        #expect(inFilter.sent.allSatisfy { UDPEcho.occurrences(of: $0, in: inFilter.atM) == 2 })

        let outside = Self.rule(.both, filter: "200", segment: 105)
        #expect(outside.tcRules.isEmpty)
        try seam.converge(outside.tcRules, devices: ["tA"])
        let notInFilter = try await scene.exchange("not-in-filter")
        #expect(notInFilter.echoed == notInFilter.sent)
        #expect(notInFilter.sent.allSatisfy { UDPEcho.occurrences(of: $0, in: notInFilter.atM) == 0 })
    }

    @Test func aVLANFilterPassesOnlyFramesTaggedWithListedVLANs() async throws {
        let scene = try await Scene()
        defer { scene.tearDown() }
        let seam = scene.lab.mirroring(on: scene.host)
        try seam.converge(Self.rule(.out, filter: "5,7-9").tcRules)
        let macA = try #require(try await scene.a.macAddress(of: "eth0"))
        let sender = try await FrameSender(namespace: scene.a, link: "eth0")
        let capture = try await TapLab.capture(scene.m)
        let cases: [(vlan: Int?, copies: Int)] = [(5, 1), (8, 1), (6, 0), (10, 0), (nil, 0)]
        var sent: [(token: [UInt8], copies: Int)] = []
        for (vlan, copies) in cases {
            let token = UDPEcho.tokens("vlan-\(vlan ?? 0)", count: 1)[0]
            try sender.send(try EthernetFrame.udp(source: macA, vlan: vlan, sourceIP: "10.7.0.1",
                                                  destinationIP: "10.7.0.255", port: 9_999, payload: token))
            sent.append((token, copies))
        }
        let frames = capture.drain(milliseconds: 300) + capture.drain(milliseconds: 100)
        for (token, copies) in sent {
            #expect(UDPEcho.occurrences(of: token, in: frames) == copies, "\(String(decoding: token.prefix(8), as: UTF8.self))")
        }
    }

    @Test func copiesCrossAVXLANTunnelToAMonitorOnAnotherHost() async throws {
        let lab = TapLab()
        defer { lab.tearDown() }
        let host1 = try lab.addHost(), host2 = try lab.addHost()
        let a = try lab.addGuest(on: host1, tap: "tA", address: "10.7.0.1/24")
        let b = try lab.addGuest(on: host1, tap: "tB", address: "10.7.0.2/24")
        let m = try lab.addGuest(on: host2, tap: "tM", address: "10.7.0.3/24", bridged: false)
        let tunnel = try lab.joinByVXLAN(host1, host2, vni: 77)
        #expect(tunnel == "pbtap77")
        let echo = try await UDPEcho(namespace: b, port: Self.echoPort)
        defer { echo.stop() }

        let flow = MirrorRule(source: "tA", direction: .both, target: "pbtap77", targetKind: .vxlan)
        try lab.mirroring(on: host1).converge(flow.tcRules)
        try lab.mirroring(on: host2).converge([MirrorRule.remoteDelivery(vxlan: "pbtap77", target: "tM")])
        let capture = try await TapLab.capture(m)
        let tokens = UDPEcho.tokens("vxlan", count: 8)
        let echoed = try await UDPEcho.roundTrips(from: a, to: "10.7.0.2", port: Self.echoPort, payloads: tokens)
        #expect(echoed == tokens)
        let frames = capture.drain(milliseconds: 300) + capture.drain(milliseconds: 100)
        for token in tokens { #expect(UDPEcho.occurrences(of: token, in: frames) == 2) }
    }

    static func mac(_ bytes: ArraySlice<UInt8>) -> String {
        bytes.map { let hex = String($0, radix: 16); return hex.count == 1 ? "0" + hex : hex }.joined(separator: ":")
    }
}
