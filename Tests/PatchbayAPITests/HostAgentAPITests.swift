import PatchbayAPI
import PatchbayCore
import PatchbayTesting
import Testing

@Suite("The endpoints a host agent uses: desired state, guest reports, inventory faults")
struct HostAgentAPITests {
    /// A server that waits for the agent, with the fixture host, its agents, and one direct port booted.
    static func spawning(_ body: (APIClient, _ server: String, _ port: String) async throws -> Void) async throws {
        let server = try await TestServer.start(yaml: ComputeAPI.yaml(), waitForAgent: true)
        let client = APIClient(baseURL: server.baseURL)
        do {
            try await ComputeAPI.fixtureHost(client)
            let network = try await ComputeAPI.vlanNetwork(client)
            let port = try await ComputeAPI.port(client, network: network)
            let flavor = try await ComputeAPI.flavor(client)
            let created = try await ComputeAPI.postServer(client, flavor: flavor, networks: [["port": .string(port)]])
            let id = try #require(created.json["server"]?["id"]?.stringValue)
            for _ in 0..<200 {
                if try await client.get("/compute/v2.1/servers/\(id)").json["server"]?["OS-EXT-STS:task_state"] == "spawning" { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            try await body(client, id, port)
        } catch {
            try? await server.stop()
            throw error
        }
        try await server.stop()
    }

    @Test func desiredStateListsTheBoundPortAndGuestAndAnswers304WhileUnchanged() async throws {
        try await Self.spawning { client, server, port in
            let first = try await client.get("/patchbay/v1/hosts/compute1/desired")
            #expect(first.status == 200)
            #expect(first.json["desired"]?["ports"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [port])
            #expect(first.json["desired"]?["guests"]?.arrayValue?.first?["server_id"]?.stringValue == server)
            #expect(first.json["desired"]?["guests"]?.arrayValue?.first?["awaiting_start"] == true)
            let tag = try #require(first.headers["etag"])
            var conditional = client
            conditional.headers["If-None-Match"] = tag
            #expect(try await conditional.get("/patchbay/v1/hosts/compute1/desired").status == 304)
            _ = try await client.post("/patchbay/v1/hosts/compute1/devices", ["up": [.string(port)]])
            #expect(try await conditional.get("/patchbay/v1/hosts/compute1/desired").status == 200)
        }
    }

    @Test func aMemberMayNotReadAHostsDesiredState_Fails() async throws {
        try await Self.spawning { client, _, _ in
            let member = client.acting(project: "p1", roles: "member")
            let reply = try await member.get("/patchbay/v1/hosts/compute1/desired")
            #expect(reply.status == 403)
        }
    }

    @Test func theServerGoesActiveOnlyOnceTheGuestRunsAndEveryPortIsUp() async throws {
        try await Self.spawning { client, server, port in
            let early = try await client.post("/patchbay/v1/hosts/compute1/guests", ["running": [.string(server)]])
            #expect(early.json["changed"] == [])
            #expect(try await client.get("/compute/v2.1/servers/\(server)").json["server"]?["status"] == "BUILD")
            _ = try await client.post("/patchbay/v1/hosts/compute1/devices", ["up": [.string(port)]])
            let ready = try await client.post("/patchbay/v1/hosts/compute1/guests", ["running": [.string(server)]])
            #expect(ready.json["changed"] == [.string(server)])
            let shown = try await client.get("/compute/v2.1/servers/\(server)").json["server"]
            #expect(shown?["status"] == "ACTIVE")
            #expect(shown?["OS-EXT-STS:task_state"] == .null)
        }
    }

    @Test func aGuestLibvirtRefusedPutsTheServerInErrorWithTheReasonAndFreesItsDevice_Fails() async throws {
        try await Self.spawning { client, server, _ in
            let reply = try await client.post("/patchbay/v1/hosts/compute1/guests",
                                              ["running": [], "failed": [server: "libvirt define failed: unsupported machine"]])
            #expect(reply.json["changed"] == [.string(server)])
            let shown = try await client.get("/compute/v2.1/servers/\(server)").json["server"]
            #expect(shown?["status"] == "ERROR")
            #expect(shown?["fault"]?["message"]?.stringValue?.contains("libvirt define failed: unsupported machine") == true)
            let devices = try await client.get("/patchbay/v1/hosts/compute1/pci_devices").json["devices"]?.arrayValue ?? []
            #expect(devices.allSatisfy { $0["server_id"] == .null })
        }
    }

    @Test(arguments: [
        (JSONValue.object(["running": "s1"]), "'running' must be a list of server ids"),
        (JSONValue.object(["running": [], "failed": ["s1", "s2"]]), "'failed' must map server ids to reasons"),
        (JSONValue.object(["failed": ["s1": 3]]), "failed.s1 must be a string"),
    ] as [(JSONValue, String)])
    func malformedGuestReportsAreRefused_Fails(body: JSONValue, message: String) async throws {
        try await ComputeAPI.withServer { _, client in
            let reply = try await client.post("/patchbay/v1/hosts/compute1/guests", body)
            #expect(reply.status == 400)
            #expect(reply.errorMessage?.contains(message) == true, "\(reply.json)")
        }
    }

    @Test(arguments: [
        (JSONValue.array([]), "faults must map PCI addresses to reasons"),
        (JSONValue.object(["0000:81:02.0": ""]), "faults: '0000:81:02.0' must be a PCI address with a non-empty reason"),
        (JSONValue.object(["eth0": "down"]), "faults: 'eth0' must be a PCI address with a non-empty reason"),
    ] as [(JSONValue, String)])
    func malformedFaultsAreRefused_Fails(faults: JSONValue, message: String) async throws {
        try await ComputeAPI.withServer { _, client in
            var body = ComputeAPI.report(devices: ComputeAPI.fixtureDevices())
            if case .object(var object) = body { object["faults"] = faults; body = .object(object) }
            let reply = try await ComputeAPI.postInventory(client, host: "compute1", body)
            #expect(reply.status == 400)
            #expect(reply.errorMessage?.contains(message) == true, "\(reply.json)")
        }
    }
}
