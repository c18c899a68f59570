import PatchbayAPI
import PatchbayCore
import PatchbayTesting
import Testing

/// Helpers for the power and hot plug suites: actions, states, the host's desired guest.
enum ServerPowerAPI {
    typealias C = ComputeAPI

    /// POSTs `{action: body}` to `/servers/{id}/action`; the raw reply.
    static func act(_ client: APIClient, _ id: String, _ action: String, _ body: JSONValue = .null) async throws -> APIClient.Reply {
        try await client.post("\(C.v21)/servers/\(id)/action", .object([action: body]))
    }

    /// The reboot body of `type`.
    static func reboot(_ type: String) -> JSONValue { ["type": .string(type)] }

    /// What `GET /servers/{id}` shows of a server's lifecycle.
    struct Shown: Equatable, CustomStringConvertible {
        var status: String
        var vmState: String
        var task: String?

        init(_ status: String, _ vmState: String, _ task: String? = nil) {
            self.status = status
            self.vmState = vmState
            self.task = task
        }

        var description: String { "\(status) \(vmState) \(task ?? "-")" }
    }

    /// The status, vm_state and task_state of a server.
    static func state(_ client: APIClient, _ id: String,
                      sourceLocation: SourceLocation = #_sourceLocation) async throws -> Shown {
        let reply = try await client.get("\(C.v21)/servers/\(id)")
        let server = try #require(reply.json["server"], "\(reply.status) \(reply.json)", sourceLocation: sourceLocation)
        return Shown(server["status"]?.stringValue ?? "", server["OS-EXT-STS:vm_state"]?.stringValue ?? "",
                     server["OS-EXT-STS:task_state"]?.stringValue)
    }

    /// The guest `id` in the host's desired state.
    static func desiredGuest(_ client: APIClient, _ id: String, host: String = "compute1",
                             sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        let reply = try await client.get("\(C.patchbay)/hosts/\(host)/desired")
        let guests = reply.json["desired"]?["guests"]?.arrayValue ?? []
        return try #require(guests.first { $0["server_id"]?.stringValue == id }, "no guest \(id): \(reply.json)",
                            sourceLocation: sourceLocation)
    }

    /// Runs agent passes until the server has no task and is not building (at most 50).
    /// The fixture host with its agents, a flavor, a VLAN network, and a server booted on it and
    /// driven ACTIVE by a scripted agent; returns the agent, the server, the network and the flavor.
    static func settledServer(_ client: APIClient) async throws -> (ScriptedAgent, String, String, String) {
        try await ComputeAPI.fixtureHost(client)
        let flavor = try await ComputeAPI.flavor(client)
        let (network, _) = try await ServerBootAPI.vlanNetwork(client)
        let agent = ScriptedAgent(client: client, host: "compute1")
        let created = try await ComputeAPI.postServer(client, flavor: flavor, networks: [["uuid": .string(network)]])
        let id = try #require(created.json["server"]?["id"]?.stringValue)
        try await settle(agent, client, id)
        return (agent, id, network, flavor)
    }

    static func settle(_ agent: ScriptedAgent, _ client: APIClient, _ id: String,
                       sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for _ in 0..<50 {
            try await agent.pass()
            let shown = try await state(client, id, sourceLocation: sourceLocation)
            if shown.task == nil, shown.status != "BUILD" { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("server \(id) never settled", sourceLocation: sourceLocation)
    }
}

/// `os-stop`, `os-start` and `reboot` over HTTP: their tasks, the agent's confirmations carried
/// by the desired state and the guest report, and Nova's refusals.
@Suite struct ServerPowerAPITests {
    typealias C = ComputeAPI
    typealias B = ServerBootAPI
    typealias P = ServerPowerAPI

    @Test func powerActions_WithoutAgent_ConfirmAtOnce() async throws {
        try await C.withServer { _, client in
            try await C.fixtureHost(client)
            let flavor = try await C.flavor(client)
            let (network, _) = try await B.vlanNetwork(client)
            let (id, _) = try await C.boot(client, flavor: flavor, networks: [["uuid": .string(network)]])
            let steps: [(String, JSONValue, String, String)] = [
                ("os-stop", .null, "SHUTOFF", "stopped"), ("os-start", .null, "ACTIVE", "active"),
                ("reboot", P.reboot("SOFT"), "ACTIVE", "active"), ("reboot", P.reboot("HARD"), "ACTIVE", "active"),
                ("os-stop", .null, "SHUTOFF", "stopped"), ("reboot", P.reboot("hard"), "ACTIVE", "active"),
            ]
            for (action, body, status, vmState) in steps {
                let reply = try await P.act(client, id, action, body)
                #expect(reply.status == 202, "\(action): \(reply.json)")
                let shown = try await P.state(client, id)
                #expect(shown == P.Shown(status, vmState), "\(action) \(body)")
                let guest = try await P.desiredGuest(client, id)
                #expect(guest["power"] == (status == "SHUTOFF" ? "shutoff" : "running"), "\(action): \(guest)")
            }
            let guest = try await P.desiredGuest(client, id)
            #expect(guest["reboot"] == ["counter": 3, "hard": true], "three reboots asked, the last hard")
        }
    }

    @Test func powerActions_WithAgent_WaitForItsReports() async throws {
        let server = try await TestServer.start(yaml: C.yaml(), clock: ManualClock(), waitForAgent: true)
        let client = APIClient(baseURL: server.baseURL)
        do {
            try await C.fixtureHost(client)
            let flavor = try await C.flavor(client)
            let (network, _) = try await B.vlanNetwork(client)
            let portId = try await B.port(client, network: network)
            let agent = ScriptedAgent(client: client, host: "compute1")
            let created = try await C.postServer(client, flavor: flavor, networks: [["port": .string(portId)]])
            let id = try #require(created.json["server"]?["id"]?.stringValue)
            try await P.settle(agent, client, id)
            let slot = try #require(try await PortAPI.showPort(client, portId)["binding:profile"]?["pci_slot"]?.stringValue)

            // (action, body, status and task before the agent's pass, power wanted, status after)
            let steps: [(String, JSONValue, String, String, String, String)] = [
                ("os-stop", .null, "ACTIVE", "powering-off", "shutoff", "SHUTOFF"),
                ("os-start", .null, "SHUTOFF", "powering-on", "running", "ACTIVE"),
                ("reboot", P.reboot("SOFT"), "REBOOT", "rebooting", "running", "ACTIVE"),
                ("reboot", P.reboot("HARD"), "HARD_REBOOT", "rebooting_hard", "running", "ACTIVE"),
                ("os-stop", .null, "ACTIVE", "powering-off", "shutoff", "SHUTOFF"),
                ("reboot", P.reboot("HARD"), "HARD_REBOOT", "rebooting_hard", "running", "ACTIVE"),
            ]
            for (action, body, pending, task, power, settled) in steps {
                let reply = try await P.act(client, id, action, body)
                #expect(reply.status == 202, "\(action): \(reply.json)")
                let before = try await P.state(client, id)
                #expect(before.status == pending && before.task == task, "\(action) \(body) before the agent: \(before)")
                #expect(try await P.desiredGuest(client, id)["power"] == .string(power), "\(action)")
                try await agent.pass()
                let after = try await P.state(client, id)
                #expect(after.status == settled && after.task == nil, "\(action) \(body) after the agent: \(after)")
                let devices = try await C.devices(client)
                #expect(devices[slot]?["state"] == "allocated" && devices[slot]?["server_id"] == .string(id),
                        "the VF stays with the server through \(action)")
            }
            #expect(try await P.desiredGuest(client, id)["reboot"] == ["counter": 3, "hard": true])
            try await server.stop()
        } catch {
            try? await server.stop()
            throw error
        }
    }

    @Test func reboot_StaleCounterOrOtherReport_DoesNotConfirm_Fails() async throws {
        let server = try await TestServer.start(yaml: C.yaml(), clock: ManualClock(), waitForAgent: true)
        let client = APIClient(baseURL: server.baseURL)
        do {
            let (_, id, _, _) = try await P.settledServer(client)
            #expect(try await P.act(client, id, "reboot", P.reboot("SOFT")).status == 202)
            #expect(try await P.act(client, id, "reboot", P.reboot("HARD")).status == 409, "a reboot is under way")
            let guests = "\(C.patchbay)/hosts/compute1/guests"
            let stale = try await client.post(guests, ["running": [.string(id)], "rebooted": [id: 0]])
            #expect(stale.status == 200)
            #expect(try await P.state(client, id).task == "rebooting", "counter 0 is not this reboot")
            _ = try await client.post(guests, ["running": [], "stopped": [.string(id)]])
            #expect(try await P.state(client, id).task == "rebooting", "a stopped guest confirms no reboot")
            _ = try await client.post(guests, ["running": [.string(id)], "rebooted": [id: 1]])
            #expect(try await P.state(client, id) == P.Shown("ACTIVE", "active"))

            #expect(try await P.act(client, id, "os-stop").status == 202)
            let failed = try await client.post(guests, ["running": [.string(id)], "failed": [id: "shutdown timed out"]])
            #expect(failed.status == 200)
            #expect(try await P.state(client, id) == P.Shown("ACTIVE", "active"), "a failed stop clears the task, keeps the state")

            let bad = try await client.post(guests, ["running": [], "rebooted": [id: "one"]])
            #expect(bad.status == 400, "\(bad.json)")
            try await server.stop()
        } catch {
            try? await server.stop()
            throw error
        }
    }

    @Test func powerActions_InTheWrongState_Conflict_Fails() async throws {
        let server = try await TestServer.start(yaml: C.yaml(), clock: ManualClock(), waitForAgent: true)
        let client = APIClient(baseURL: server.baseURL)
        do {
            let (agent, id, _, _) = try await P.settledServer(client)
            // (set-up actions confirmed by the agent, set-up left pending, refused action, what the message names)
            let cases: [([(String, JSONValue)], (String, JSONValue)?, (String, JSONValue), String)] = [
                ([], nil, ("os-start", .null), "vm_state active"),
                ([("os-stop", .null)], nil, ("os-stop", .null), "vm_state stopped"),
                ([], nil, ("reboot", P.reboot("SOFT")), "vm_state stopped"),
                ([], ("os-start", .null), ("os-start", .null), "task_state powering-on"),
                ([], nil, ("reboot", P.reboot("HARD")), "task_state powering-on"),
                ([], nil, ("os-stop", .null), "task_state powering-on"),
            ]
            for (confirmed, pending, refused, named) in cases {
                for (action, body) in confirmed {
                    #expect(try await P.act(client, id, action, body).status == 202)
                    try await P.settle(agent, client, id)
                }
                if let (action, body) = pending { #expect(try await P.act(client, id, action, body).status == 202) }
                let reply = try await P.act(client, id, refused.0, refused.1)
                #expect(reply.status == 409, "\(refused): \(reply.json)")
                let fault = C.fault(reply)
                let verb = refused.0 == "reboot" ? "reboot" : String(refused.0.dropFirst(3))
                #expect(fault?.key == "conflictingRequest")
                #expect(fault?.message == "Cannot '\(verb)' instance \(id) while it is in \(named)", "\(reply.json)")
            }
            try await P.settle(agent, client, id)

            let other = client.acting(project: "someone-else", roles: "member")
            let hidden = try await P.act(other, id, "os-stop")
            #expect(hidden.status == 404 && C.fault(hidden)?.key == "itemNotFound", "\(hidden.json)")
            let reader = client.acting(project: "admin", roles: "reader")
            #expect(try await P.act(reader, id, "os-stop").status == 403)

            let bad: [(JSONValue, String)] = [
                (["os-pause": .null], "There is no such action: os-pause"),
                (["reboot": ["type": "WARM"]], "Invalid input for field/attribute type. Value: WARM."),
                (["reboot": [:]], "'type' is a required property"),
                (["os-stop": .null, "os-start": .null], "exactly one action"),
            ]
            for (body, message) in bad {
                let reply = try await client.post("\(C.v21)/servers/\(id)/action", body)
                #expect(reply.status == 400, "\(body): \(reply.json)")
                #expect(C.fault(reply)?.key == "badRequest" && C.fault(reply)?.message.contains(message) == true, "\(reply.json)")
            }
            #expect(try await P.state(client, id) == P.Shown("ACTIVE", "active"), "refusals changed nothing")
            try await server.stop()
        } catch {
            try? await server.stop()
            throw error
        }
    }
}
