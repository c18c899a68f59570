import Foundation
import PatchbayCore
import PatchbayTesting
import Testing

/// Per-host desired-state revisions: every write that changes what a host's desired state is
/// computed from moves that host's revision (its ETag), writes that change nothing move none,
/// and a long-poll is woken only by its own host's changes.
@Suite struct HostRevisionAPITests {
    typealias C = ComputeAPI

    /// A host's desired state as an agent sees it: the ETag and the body's text.
    struct Seen: Equatable {
        var tag: String
        var body: String
    }

    static func seen(_ client: APIClient, _ host: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Seen {
        let reply = try await client.get("/patchbay/v1/hosts/\(host)/desired")
        #expect(reply.status == 200, "\(host): \(reply.status) \(reply.json)", sourceLocation: sourceLocation)
        let desired = try #require(reply.json["desired"], sourceLocation: sourceLocation)
        return Seen(tag: try #require(reply.headers["etag"], sourceLocation: sourceLocation),
                    body: JSONWriter.string(desired, sortedKeys: true))
    }

    /// Registers a Linux bridge agent on `host` with a tunnel endpoint.
    static func tunnelAgent(_ client: APIClient, host: String, ip: String) async throws {
        let reply = try await client.post("/patchbay/v1/agents/report", ["agent": [
            "agent_type": "Linux bridge agent", "host": .string(host),
            "configurations": ["bridge_mappings": ["physnet1": "br-eth1"], "tunneling_ip": .string(ip)]]])
        #expect(reply.status == 200, "\(reply.json)")
    }

    @Test func everyChangeToAHostsStateMovesItsTag_AHeartbeatMovesNone() async throws {
        try await C.withServer { _, client in
            let hosts = ["compute1", "compute2", "compute3"]
            for host in hosts { try await C.fixtureHost(client, host: host) }
            try await Self.tunnelAgent(client, host: "compute1", ip: "192.0.2.1")
            try await Self.tunnelAgent(client, host: "compute2", ip: "192.0.2.2")
            let vxlan = try #require(try await PortAPI.network(client, ["provider:network_type": "vxlan"])["id"]?.stringValue)
            _ = try await PortAPI.subnet(client, network: vxlan, cidr: "10.9.0.0/24")
            let vlan = try await C.vlanNetwork(client)
            let flavor = try await C.flavor(client)
            var ports: [String: String] = [:]

            func bind(_ name: String, on network: String, host: String) async throws {
                let reply = try await client.post("/network/v2.0/ports", ["port": [
                    "network_id": .string(network), "binding:host_id": .string(host)]])
                #expect(reply.status == 201, "\(reply.json)")
                ports[name] = try #require(reply.json["port"]?["id"]?.stringValue)
            }
            func put(_ name: String, _ attributes: [String: JSONValue]) async throws {
                let reply = try await client.put("/network/v2.0/ports/\(try #require(ports[name]))", ["port": .object(attributes)])
                #expect(reply.status == 200, "\(reply.json)")
            }
            // Each step, with the hosts whose state it must change (so the scenario covers every path).
            let steps: [(String, Set<String>, () async throws -> Void)] = [
                ("a port bound to compute1 on the tunnel network", ["compute1"], { try await bind("t1", on: vxlan, host: "compute1") }),
                ("a peer's port on the tunnel network", ["compute1", "compute2"], { try await bind("t2", on: vxlan, host: "compute2") }),
                ("the peer's tunnel endpoint moves", ["compute1"], { try await Self.tunnelAgent(client, host: "compute2", ip: "192.0.2.22") }),
                ("a port's admin state", ["compute1"], { try await put("t1", ["admin_state_up": false]) }),
                ("a port bound to compute3 on a VLAN", ["compute3"], { try await bind("v3", on: vlan, host: "compute3") }),
                ("the VLAN port moves to compute1", ["compute1", "compute3"], { try await put("v3", ["binding:host_id": "compute1"]) }),
                ("a server boots", [], {
                    _ = try await C.boot(client, flavor: flavor, networks: [["uuid": .string(vlan)]], status: nil)
                }),
                ("the peer's port is unbound", ["compute1", "compute2"], { try await put("t2", ["binding:host_id": ""]) }),
                ("a port is deleted", ["compute1"], {
                    let reply = try await client.delete("/network/v2.0/ports/\(try #require(ports["t1"]))")
                    #expect(reply.status == 204)
                }),
            ]
            var before: [String: Seen] = [:]
            for host in hosts { before[host] = try await Self.seen(client, host) }
            for (step, changing, change) in steps {
                try await change()
                for host in hosts {
                    let now = try await Self.seen(client, host)
                    if changing.contains(host) { #expect(now.body != before[host]?.body, "\(step): \(host) should change") }
                    if now.body != before[host]?.body {
                        #expect(now.tag != before[host]?.tag, "\(step): \(host)'s state changed but its tag did not")
                    }
                    before[host] = now
                }
            }
            // The same agents again, changing nothing but their timestamps: no tag moves.
            for host in hosts { try await C.registerAgents(client, host: host) }
            try await Self.tunnelAgent(client, host: "compute1", ip: "192.0.2.1")
            for host in hosts {
                #expect(try await Self.seen(client, host).tag == before[host]?.tag, "a heartbeat moved \(host)'s tag")
            }
        }
    }

    @Test func aPollIsWokenByItsOwnHostOnly() async throws {
        try await C.withServer { server, client in
            try await C.fixtureHost(client, host: "compute1")
            try await C.fixtureHost(client, host: "compute2")
            let network = try await C.vlanNetwork(client)
            var polling = client
            polling.headers["If-None-Match"] = try await Self.seen(client, "compute1").tag
            let poll = Task { try await polling.get("/patchbay/v1/hosts/compute1/desired?wait=20") }
            try await Task.sleep(for: .milliseconds(200))
            let mine = server.changes.generation(of: "compute1")
            let theirs = server.changes.generation(of: "compute2")
            let other = try await client.post("/network/v2.0/ports", ["port": [
                "network_id": .string(network), "binding:host_id": "compute2"]])
            #expect(other.status == 201)
            // On PostgreSQL the commit is told through LISTEN/NOTIFY, which arrives after the reply;
            // notifications come in commit order, so once compute2's has, compute1's would have too.
            let told = ContinuousClock.now + .seconds(30)
            while server.changes.generation(of: "compute2") == theirs, ContinuousClock.now < told {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(server.changes.generation(of: "compute2") > theirs, "compute2's bind told compute2's polls")
            #expect(server.changes.generation(of: "compute1") == mine, "compute2's bind woke compute1's poll")
            let port = try await client.post("/network/v2.0/ports", ["port": [
                "network_id": .string(network), "binding:host_id": "compute1"]])
            let answered = try await poll.value
            #expect(answered.status == 200, "woken by compute1's own bind")
            let id = try #require(port.json["port"]?["id"]?.stringValue)
            #expect(answered.json["desired"]?["ports"]?.arrayValue?.contains { $0["id"]?.stringValue == id } == true)
        }
    }

    @Test func anUnchangedHostIsAnswered304FromItsRevision() async throws {
        try await C.withServer { _, client in
            try await C.fixtureHost(client)
            let first = try await Self.seen(client, "compute1")
            #expect(first.tag.hasPrefix("\"r"), "the tag names the host's revision: \(first.tag)")
            var polling = client
            polling.headers["If-None-Match"] = first.tag
            let again = try await polling.get("/patchbay/v1/hosts/compute1/desired")
            #expect(again.status == 304 && again.text.isEmpty)
            #expect(again.headers["etag"] == first.tag)
            polling.headers["If-None-Match"] = "\"r999999\""
            #expect(try await polling.get("/patchbay/v1/hosts/compute1/desired").status == 200, "a stale tag gets the state")
        }
    }
}
