import NetnsTesting
import PatchbayCore
import Testing

/// Tap flows end to end: created through the API, programmed by a real agent's tc filters in a
/// host namespace, proven with real packets, and reported ACTIVE only once programmed.
@Suite("Agents program tap flows and report them", .requires(NetworkNamespace.isAvailable, "root and ip netns"),
       .serialized)
struct TapAgentDataPlaneTests {
    static let echoPort: UInt16 = 7_100

    static func flowStatus(_ lab: TwoHostLab, _ id: String) async throws -> JSONValue? {
        try await lab.client.get("/network/v2.0/taas/tap_flows/\(id)").json["tap_flow"]
    }

    /// A tap service on `monitor` and a flow on `source` in `direction`; their ids.
    static func tap(_ lab: TwoHostLab, monitor: JSONValue, source: JSONValue, direction: String,
                    sourceLocation: SourceLocation = #_sourceLocation) async throws -> (service: String, flow: String) {
        let service = try await lab.client.post("/network/v2.0/taas/tap_services", ["tap_service": [
            "name": "monitor", "port_id": .string(monitor["id"]?.stringValue ?? "")]])
        let serviceId = try #require(service.json["tap_service"]?["id"]?.stringValue, "\(service.json)", sourceLocation: sourceLocation)
        let flow = try await lab.client.post("/network/v2.0/taas/tap_flows", ["tap_flow": [
            "tap_service_id": .string(serviceId), "source_port": .string(source["id"]?.stringValue ?? ""),
            "direction": .string(direction)]])
        let flowId = try #require(flow.json["tap_flow"]?["id"]?.stringValue, "\(flow.json)", sourceLocation: sourceLocation)
        return (serviceId, flowId)
    }

    @Test func aBothFlowCopiesWhatASendsAndReceivesToTheMonitorOnceAndItsDeleteStopsThem() async throws {
        try await TwoHostLab.run { lab in
            let flat = try await lab.network("flat", physnet: "physnet1")
            let (portA, portB, portM) = (try await lab.boundPort(network: flat, host: 0),
                                         try await lab.boundPort(network: flat, host: 0),
                                         try await lab.boundPort(network: flat, host: 0))
            #expect(portA["binding:vif_type"] == "bridge")
            let a = try lab.plugGuest(port: portA, host: 0, cidr: "10.9.0.1/24")
            let b = try lab.plugGuest(port: portB, host: 0, cidr: "10.9.0.2/24")
            let m = try lab.plugGuest(port: portM, host: 0, cidr: "10.9.0.3/24")
            await lab.converge()
            let (_, flowId) = try await Self.tap(lab, monitor: portM, source: portA, direction: "BOTH")
            #expect(try await Self.flowStatus(lab, flowId)?["status"] == "DOWN", "nothing is programmed before the agent's pass")

            await lab.converge()
            #expect(try await Self.flowStatus(lab, flowId)?["status"] == "ACTIVE")
            let echo = try await UDPEcho(namespace: b, port: Self.echoPort)
            defer { echo.stop() }
            _ = try await UDPEcho.roundTrips(from: a, to: "10.9.0.2", port: Self.echoPort, payloads: UDPEcho.tokens("warm", count: 2))
            let capture = try await m.perform { try LinkCapture(link: "eth0") }
            _ = capture.drain()
            let tokens = UDPEcho.tokens("mirrored", count: 6)
            let echoed = try await UDPEcho.roundTrips(from: a, to: "10.9.0.2", port: Self.echoPort, payloads: tokens)
            #expect(echoed == tokens, "A↔B unchanged while mirrored")
            let atM = capture.drain(milliseconds: 200) + capture.drain(milliseconds: 100)
            for token in tokens {
                #expect(UDPEcho.frames(carrying: token, in: atM).count == 2, "the datagram and its echo, each copied once")
            }

            let deleted = try await lab.client.send("DELETE", "/network/v2.0/taas/tap_flows/\(flowId)")
            #expect(deleted.status == 204)
            await lab.converge()
            _ = capture.drain()
            let after = UDPEcho.tokens("after", count: 4)
            #expect(try await UDPEcho.roundTrips(from: a, to: "10.9.0.2", port: Self.echoPort, payloads: after) == after)
            let quiet = capture.drain(milliseconds: 200)
            #expect(after.allSatisfy { UDPEcho.frames(carrying: $0, in: quiet).isEmpty }, "no copies once the flow is gone")
            let settled = await lab.agents[0].pass()
            #expect(settled.changedNothing)
        }
    }

    @Test func copiesReachAMonitorOnAnotherHostThroughTheTunnelWhichGoesWithTheFlow() async throws {
        try await TwoHostLab.run { lab in
            // A VXLAN network keeps the lab's uplink (which carries the tunnel endpoints) out of a bridge.
            let flat = try await lab.network("vxlan", segment: 1005)
            let portA = try await lab.boundPort(network: flat, host: 0)
            let portB = try await lab.boundPort(network: flat, host: 0)
            let portM = try await lab.boundPort(network: flat, host: 1)
            let a = try lab.plugGuest(port: portA, host: 0, cidr: "10.9.1.1/24")
            let b = try lab.plugGuest(port: portB, host: 0, cidr: "10.9.1.2/24")
            let m = try lab.plugGuest(port: portM, host: 1, cidr: "10.9.1.3/24")
            await lab.converge()
            let (serviceId, flowId) = try await Self.tap(lab, monitor: portM, source: portA, direction: "IN")
            await lab.converge()
            #expect(try await Self.flowStatus(lab, flowId)?["status"] == "ACTIVE")
            let tunnel = "pbtap\(TapTunnelEnd.vni(forService: serviceId))"
            #expect(lab.hosts[0].hasLink(tunnel) && lab.hosts[1].hasLink(tunnel))

            let echo = try await UDPEcho(namespace: b, port: Self.echoPort)
            defer { echo.stop() }
            _ = try await UDPEcho.roundTrips(from: a, to: "10.9.1.2", port: Self.echoPort, payloads: UDPEcho.tokens("warm", count: 2))
            let capture = try await m.perform { try LinkCapture(link: "eth0") }
            _ = capture.drain()
            let tokens = UDPEcho.tokens("remote", count: 6)
            #expect(try await UDPEcho.roundTrips(from: a, to: "10.9.1.2", port: Self.echoPort, payloads: tokens) == tokens)
            let atM = capture.drain(milliseconds: 300) + capture.drain(milliseconds: 100)
            for token in tokens {
                #expect(UDPEcho.frames(carrying: token, in: atM).count == 1, "only the echo A receives is copied, once")
            }

            #expect(try await lab.client.send("DELETE", "/network/v2.0/taas/tap_flows/\(flowId)").status == 204)
            await lab.converge()
            #expect(!lab.hosts[0].hasLink(tunnel) && !lab.hosts[1].hasLink(tunnel), "the tunnel goes with the last flow")
        }
    }

    @Test func aMonitorOnAVLANAccessPortIsAnErrorWithItsReasonNeverActive() async throws {
        try await TwoHostLab.run { lab in
            let vlan = try await lab.network("vlan", physnet: "physnet1", segment: 130)
            let portA = try await lab.boundPort(network: vlan, host: 0)
            let portM = try await lab.boundPort(network: vlan, host: 0)
            _ = try lab.plugGuest(port: portA, host: 0, cidr: "10.9.2.1/24")
            _ = try lab.plugGuest(port: portM, host: 0, cidr: "10.9.2.3/24")
            let (_, flowId) = try await Self.tap(lab, monitor: portM, source: portA, direction: "IN")
            await lab.converge()
            let shown = try #require(try await Self.flowStatus(lab, flowId))
            #expect(shown["status"] == "ERROR")
            #expect(shown["status_reason"]?.stringValue?.contains("VLAN 130 access port") == true, "\(shown)")
        }
    }
}
