import PatchbayCore
import PatchbayTesting
import Testing

/// Tap flows in the hosts' desired states, the hosts they wake, and the agents' status reports.
@Suite struct TapHostAPITests {
    typealias C = ComputeAPI
    typealias T = TapAPI
    typealias N = NetworkAPISupport

    /// Two bound ports (source on compute1, service port on compute2), a service and a flow.
    struct Fixture {
        var source: String
        var target: String
        var service: String
        var flow: String
    }

    static func bind(_ client: APIClient, network: String, host: String) async throws -> String {
        let reply = try await client.post("\(N.v2)/ports", ["port": ["network_id": .string(network), "binding:host_id": .string(host)]])
        #expect(reply.status == 201, "\(reply.json)")
        return try #require(reply.json["port"]?["id"]?.stringValue)
    }

    static func desired(_ client: APIClient, _ host: String, tag: String? = nil) async throws -> APIClient.Reply {
        var headers = client
        if let tag { headers.headers["If-None-Match"] = tag }
        return try await headers.get("/patchbay/v1/hosts/\(host)/desired")
    }

    static func fixture(_ client: APIClient) async throws -> Fixture {
        for host in ["compute1", "compute2", "compute3"] { try await C.fixtureHost(client, host: host) }
        try await HostRevisionAPITests.tunnelAgent(client, host: "compute2", ip: "192.0.2.2")
        let network = try await C.vlanNetwork(client)
        let source = try await bind(client, network: network, host: "compute1")
        let target = try await bind(client, network: network, host: "compute2")
        let service = try N.id(try await T.service(client, port: target))
        let flow = try N.id(try await T.flow(client, service: service, source: source, "OUT", ["vlan_filter": "20-30,10"]))
        return Fixture(source: source, target: target, service: service, flow: flow)
    }

    @Test func desiredStatesListTheFlowOnBothHosts() async throws {
        try await C.withServer { _, client in
            let f = try await Self.fixture(client)
            let expected: JSONValue = [
                "id": .string(f.flow), "tap_service_id": .string(f.service), "direction": "OUT", "vlan_filter": [[10, 10], [20, 30]],
                "source_port_id": .string(f.source), "source_host": "compute1", "service_port_id": .string(f.target),
                "service_host": "compute2", "service_tunnel_ip": "192.0.2.2"]
            for host in ["compute1", "compute2"] {
                let reply = try await Self.desired(client, host)
                #expect(reply.json["desired"]?["tap_flows"] == [expected], "\(host)")
            }
            #expect(try await Self.desired(client, "compute3").json["desired"]?["tap_flows"] == [])
            // An unbound source port takes the flow out of both states, and shows it DOWN.
            _ = try await client.post("/patchbay/v1/hosts/compute1/taps", ["tap_flows": [["id": .string(f.flow), "status": "ACTIVE"]]])
            let unbound = try await client.put("\(N.v2)/ports/\(f.source)", ["port": ["binding:host_id": ""]])
            #expect(unbound.status == 200, "\(unbound.json)")
            for host in ["compute1", "compute2"] {
                #expect(try await Self.desired(client, host).json["desired"]?["tap_flows"] == [], "\(host)")
            }
            #expect(try await client.get("\(T.taas)/tap_flows/\(f.flow)").json["tap_flow"]?["status"] == "DOWN")
        }
    }

    @Test func tapChangesWakeTheirHostsOnly() async throws {
        try await C.withServer { _, client in
            let f = try await Self.fixture(client)
            var tags: [String: String] = [:]
            for host in ["compute1", "compute2", "compute3"] {
                tags[host] = try #require(try await Self.desired(client, host).headers["etag"])
            }
            var polling = client
            polling.headers["If-None-Match"] = tags["compute2"]
            let poller = polling
            let waiting = Task { try await poller.get("/patchbay/v1/hosts/compute2/desired?wait=30") }
            try await Task.sleep(for: .milliseconds(300))
            let started = ContinuousClock.now
            #expect(try await client.delete("\(T.taas)/tap_flows/\(f.flow)").status == 204)
            let woken = try await waiting.value
            #expect(woken.status == 200 && ContinuousClock.now - started < .seconds(10))
            #expect(try await Self.desired(client, "compute1", tag: tags["compute1"]).status == 200)
            #expect(try await Self.desired(client, "compute3", tag: tags["compute3"]).status == 304)
            // The service host's tunnel endpoint moving reaches the source host.
            tags["compute1"] = try #require(try await Self.desired(client, "compute1").headers["etag"])
            _ = try await T.flow(client, service: f.service, source: f.source)
            let afterCreate = try await Self.desired(client, "compute1", tag: tags["compute1"])
            #expect(afterCreate.status == 200)
            let tag = try #require(afterCreate.headers["etag"])
            try await HostRevisionAPITests.tunnelAgent(client, host: "compute2", ip: "192.0.2.22")
            let moved = try await Self.desired(client, "compute1", tag: tag)
            #expect(moved.status == 200 && moved.json["desired"]?["tap_flows"]?.arrayValue?.first?["service_tunnel_ip"] == "192.0.2.22")
            // A status report moves no revision.
            let quiet = try #require(moved.headers["etag"])
            let flow = try #require(moved.json["desired"]?["tap_flows"]?.arrayValue?.first?["id"]?.stringValue)
            _ = try await client.post("/patchbay/v1/hosts/compute1/taps", ["tap_flows": [["id": .string(flow), "status": "ACTIVE"]]])
            #expect(try await Self.desired(client, "compute1", tag: quiet).status == 304)
        }
    }

    @Test func statusReports() async throws {
        try await C.withServer { _, client in
            let f = try await Self.fixture(client)
            let path = "/patchbay/v1/hosts/compute1/taps"
            let failed = try await client.post(path, ["tap_flows": [["id": .string(f.flow), "status": "ERROR", "reason": "no mirror on i40e"]]])
            #expect(failed.status == 200 && failed.json["updated"] == [.string(f.flow)])
            let shown = try await client.get("\(T.taas)/tap_flows/\(f.flow)")
            #expect(shown.json["tap_flow"]?["status"] == "ERROR" && shown.json["tap_flow"]?["status_reason"] == "no mirror on i40e")
            let active = try await client.post("/patchbay/v1/hosts/compute2/taps", ["tap_flows": [["id": .string(f.flow), "status": "ACTIVE"]]])
            #expect(active.json["updated"] == [.string(f.flow)])
            let flow = try await client.get("\(T.taas)/tap_flows/\(f.flow)").json["tap_flow"]
            #expect(flow?["status"] == "ACTIVE" && flow?["status_reason"] == nil)
            // A host the flow is not on is ignored.
            let stranger = try await client.post("/patchbay/v1/hosts/compute3/taps", ["tap_flows": [["id": .string(f.flow), "status": "ERROR"]]])
            #expect(stranger.status == 200 && stranger.json["updated"] == [])
            for bad: JSONValue in [["tap_flows": [["id": .string(f.flow), "status": "DOWN"]]], ["tap_flows": [["id": "x", "status": "ACTIVE"]]],
                                   ["flows": []], ["tap_flows": [["id": .string(f.flow), "status": "ERROR", "reason": 5]]]] {
                let reply = try await client.post(path, bad)
                #expect(reply.status == 400, "\(bad)")
            }
            // The service goes ACTIVE once its bound port is.
            #expect(try await client.get("\(T.taas)/tap_services/\(f.service)").json["tap_service"]?["status"] == "DOWN")
            _ = try await client.post("/patchbay/v1/hosts/compute2/devices", ["up": [.string(f.target)]])
            #expect(try await client.get("\(T.taas)/tap_services/\(f.service)").json["tap_service"]?["status"] == "ACTIVE")
        }
    }

    @Test func aHostCredentialReportsForItsOwnHostOnly() async throws {
        try await withTokenServer { _, keystone in
            let admin = try await keystone.admin()
            let hostA = try await keystone.hostClient("host-a", admin: admin)
            #expect(try await hostA.post("/patchbay/v1/hosts/host-a/taps", ["tap_flows": []]).status == 200)
            let refused = try await hostA.post("/patchbay/v1/hosts/host-b/taps", ["tap_flows": []])
            #expect(refused.status == 403 && refused.errorType == "PolicyNotAuthorized")
        }
    }
}
