import Foundation
import PatchbayCore
import PatchbayTesting
import Testing

/// `GET /patchbay/v1/hosts/{host}/desired?wait=N`: an unchanged state is held until a commit
/// changes it, or answered 304 after the wait; a graceful shutdown ends every wait.
@Suite struct DesiredLongPollAPITests {
    typealias C = ComputeAPI
    static let path = "/patchbay/v1/hosts/compute1/desired"

    /// The client with `If-None-Match` set to the host's current tag.
    static func polling(_ client: APIClient) async throws -> APIClient {
        let first = try await client.get(path)
        #expect(first.status == 200)
        var polling = client
        polling.headers["If-None-Match"] = try #require(first.headers["etag"])
        return polling
    }

    @Test func aWaitingPollIsAnsweredByTheWriteThatChangesTheHost() async throws {
        try await C.withServer { _, client in
            try await C.fixtureHost(client)
            let polling = try await Self.polling(client)
            let (network, _) = try await ServerBootAPI.vlanNetwork(client)
            // Nothing for this host changes: the poll waits out its second and answers 304.
            let idle = try await polling.get(Self.path + "?wait=1")
            #expect(idle.status == 304 && idle.text.isEmpty)
            let poll = Task { try await polling.get(Self.path + "?wait=20") }
            try await Task.sleep(for: .milliseconds(200))
            let port = try await client.post("/network/v2.0/ports", ["port": [
                "network_id": .string(network), "binding:vnic_type": "direct", "binding:host_id": "compute1"]])
            let portId = try #require(port.json["port"]?["id"]?.stringValue, "\(port.json)")
            let answered = try await poll.value
            #expect(answered.status == 200, "woken by the bind, not by the 20 s wait")
            let ports = answered.json["desired"]?["ports"]?.arrayValue ?? []
            #expect(ports.contains { $0["id"]?.stringValue == portId })
            #expect(answered.headers["etag"] != polling.headers["If-None-Match"])
        }
    }

    @Test(arguments: ["61", "-1", "soon", "1.5"])
    func aBadWait_Fails(wait: String) async throws {
        try await C.withServer { _, client in
            try await C.fixtureHost(client)
            let reply = try await client.get(Self.path + "?wait=\(wait)")
            #expect(reply.status == 400)
            #expect(reply.json["NeutronError"]?["message"]?.stringValue?.contains("'wait' must be a whole number of seconds from 0 to 60") == true,
                    "\(reply.json)")
        }
    }

    @Test func aGracefulStopEndsAWaitingPollAtOnce() async throws {
        let server = try await TestServer.start(yaml: C.yaml())
        let client = APIClient(baseURL: server.baseURL)
        try await C.fixtureHost(client)
        let polling = try await Self.polling(client)
        let poll = Task { try await polling.get(Self.path + "?wait=25") }
        try await Task.sleep(for: .milliseconds(300))
        try await server.stop()
        let answered = try await poll.value
        #expect(answered.status == 304, "the stop answered the poll instead of waiting 25 s for it")
    }
}
