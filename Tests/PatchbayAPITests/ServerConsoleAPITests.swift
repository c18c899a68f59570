import PatchbayCore
import PatchbayTesting
import Testing

/// `os-getConsoleOutput` answers from the console tail the server's host sent: the last N lines,
/// all of it for -1 or no length, empty before anything was sent; refused while building, for a
/// bad length, and for a host the server is not on.
@Suite struct ServerConsoleAPITests {
    typealias C = ComputeAPI
    typealias B = ServerBootAPI

    static func console(_ client: APIClient, _ id: String, _ length: JSONValue?) async throws -> APIClient.Reply {
        let body: JSONValue = length.map { ["os-getConsoleOutput": ["length": $0]] } ?? ["os-getConsoleOutput": [:]]
        return try await client.post("\(C.v21)/servers/\(id)/action", body)
    }

    /// Boots a diskless server on the fixture host; returns its id.
    static func boot(_ client: APIClient) async throws -> String {
        try await C.fixtureHost(client)
        let flavor = try await C.flavor(client)
        let (network, _) = try await B.vlanNetwork(client)
        let reply = try await client.post("\(C.v21)/servers", ["server": [
            "name": "vm", "flavorRef": .string(flavor), "imageRef": "", "networks": [["uuid": .string(network)]]]])
        return try #require(reply.json["server"]?["id"]?.stringValue, "\(reply.json)")
    }

    @Test func theOutputIsTheTailTheHostSent() async throws {
        try await C.withServer { _, client in
            let id = try await Self.boot(client)
            _ = try await C.waitForServer(client, id, status: "ACTIVE")

            let empty = try await Self.console(client, id, 10)
            #expect(empty.status == 200 && empty.json["output"] == "", "nothing sent yet: \(empty.json)")
            let log = "SeaBIOS\nbooting\npatchbay-guest: ready\nPING-OK 10.0.0.12\n"
            let sent = try await client.put("\(C.patchbay)/hosts/compute1/servers/\(id)/console", ["output": .string(log)])
            #expect(sent.status == 204, "\(sent.json)")
            #expect(try await Self.console(client, id, 2).json["output"] == "patchbay-guest: ready\nPING-OK 10.0.0.12\n")
            #expect(try await Self.console(client, id, "1").json["output"] == "PING-OK 10.0.0.12\n", "Nova takes the length as a string too")
            #expect(try await Self.console(client, id, -1).json["output"] == .string(log))
            #expect(try await Self.console(client, id, nil).json["output"] == .string(log))
            #expect(try await Self.console(client, id, 0).json["output"] == "")

            for bad: JSONValue in [-2, "ten", 1.5, true] {
                let refused = try await Self.console(client, id, bad)
                #expect(refused.status == 400, "length \(bad): \(refused.json)")
            }
            let elsewhere = try await client.put("\(C.patchbay)/hosts/compute2/servers/\(id)/console", ["output": "spoofed"])
            #expect(elsewhere.status == 404, "the server is not on compute2: \(elsewhere.json)")
            #expect(try await Self.console(client, id, nil).json["output"] == .string(log), "a refused report changes nothing")
            let missing = try await Self.console(client, UUIDv4.make(), 5)
            #expect(missing.status == 404)
        }
    }

    @Test func aBuildingServerHasNoConsoleYet() async throws {
        try await C.withServer(waitForAgent: true) { _, client in
            // No agent reports the guest running, so the server stays in BUILD.
            let id = try await Self.boot(client)
            let refused = try await Self.console(client, id, 5)
            let shown = try await client.get("\(C.v21)/servers/\(id)").json
            #expect(refused.status == 409, "\(refused.json) \(shown)")
            #expect(refused.json["conflictingRequest"]?["message"]?.stringValue?.contains("vm_state building") == true, "\(refused.json)")
        }
    }
}
