import Foundation
import NetnsTesting
import PatchbayAgent
import PatchbayCore
import PatchbayHost
import PatchbayTesting
import Testing

/// `os-stop`, `os-start` and `reboot` carried out by a real agent on libvirt, confirmed by its
/// guest reports: the server's task ends only when the guest did what was asked.
@Suite("The agent stops, starts and reboots guests and the server confirms from its reports",
       .requires(NetworkNamespace.isAvailable, "root and ip netns"))
struct AgentPowerTests {
    static func act(_ harness: AgentHarness, _ id: String, _ body: JSONValue) async throws {
        let reply = try await harness.client.post("/compute/v2.1/servers/\(id)/action", body)
        #expect(reply.status == 202, "\(body): \(reply.json)")
    }

    static func settled(_ harness: AgentHarness, _ id: String, _ status: String) async throws -> Bool {
        let server = try await harness.serverBody(id)
        return server["status"]?.stringValue == status && server["OS-EXT-STS:task_state"] == .null
    }

    /// The guest actions of the passes it takes until server `id` is ACTIVE with no task.
    static func guestActions(_ harness: AgentHarness, _ agent: AgentHarness.Agent, untilActive id: String) async throws -> [GuestAction] {
        var actions: [GuestAction] = []
        try await harness.converge(agent) { pass in
            actions += pass.guestActions
            return try await settled(harness, id, "ACTIVE")
        }
        return actions
    }

    @Test func stopStartAndHardRebootAreCarriedOutOnTheDomainAndConfirmed() async throws {
        try await AgentHarness.run { harness in
            let agent = try harness.makeAgent()
            await harness.register(agent)
            let (id, _) = try await harness.bootDirectServer(vlan: 111)
            try await harness.converge(agent) { _ in try await Self.settled(harness, id, "ACTIVE") }

            try await Self.act(harness, id, ["os-stop": .null])
            #expect(try await harness.serverBody(id)["OS-EXT-STS:task_state"] == "powering-off")
            let stopped = try await harness.converge(agent) { _ in try await Self.settled(harness, id, "SHUTOFF") }
            #expect(try await Self.settled(harness, id, "SHUTOFF"))
            #expect(stopped.stoppedGuests.contains(id))
            #expect(try harness.hypervisor.domains().first { $0.uuid == id }?.isActive == false, "defined, shut off")

            try await Self.act(harness, id, ["os-start": .null])
            try await harness.converge(agent) { _ in try await Self.settled(harness, id, "ACTIVE") }
            #expect(try await Self.settled(harness, id, "ACTIVE"))
            #expect(try harness.hypervisor.domains().first { $0.uuid == id }?.isActive == true)

            try await Self.act(harness, id, ["reboot": ["type": "HARD"]])
            #expect(try await harness.serverBody(id)["OS-EXT-STS:task_state"] == "rebooting_hard")
            let actions = try await Self.guestActions(harness, agent, untilActive: id)
            #expect(try await Self.settled(harness, id, "ACTIVE"))
            #expect(actions.filter { if case .reboot(id, _, true) = $0 { true } else { false } }.count == 1, "\(actions)")
            let record = try FileGuestRebootRecord(path: harness.config.stateDirectory + "/guest-reboots").counters()
            #expect(record[id] == 1)

            // A restarted agent does not reboot the guest again; a new soft reboot it does, once.
            let restarted = try harness.makeAgent()
            #expect(await restarted.pass().guestActions.isEmpty)
            try await Self.act(harness, id, ["reboot": ["type": "SOFT"]])
            let soft = try await Self.guestActions(harness, restarted, untilActive: id)
            #expect(soft == [.reboot(uuid: id, name: DomainNaming.name(for: id), hard: false)])
            #expect(try FileGuestRebootRecord(path: harness.config.stateDirectory + "/guest-reboots").counters()[id] == 2)
        }
    }

    @Test func anAgentKilledHalfwayThroughAHardRebootFinishesItOnRestart() async throws {
        try await AgentHarness.run { harness in
            let agent = try harness.makeAgent()
            await harness.register(agent)
            let (id, _) = try await harness.bootDirectServer(vlan: 113)
            try await harness.converge(agent) { _ in try await Self.settled(harness, id, "ACTIVE") }
            try await Self.act(harness, id, ["reboot": ["type": "HARD"]])
            // The agent fetched the request, powered the guest off and died before starting it.
            try harness.hypervisor.destroy(uuid: id)
            let restarted = try harness.makeAgent()
            let actions = try await Self.guestActions(harness, restarted, untilActive: id)
            #expect(try await Self.settled(harness, id, "ACTIVE"))
            #expect(actions == [.start(uuid: id, name: DomainNaming.name(for: id))], "started once, not rebooted again")
            #expect(try FileGuestRebootRecord(path: harness.config.stateDirectory + "/guest-reboots").counters()[id] == 1)
        }
    }

    @Test func aStopWhileTheAgentIsAwayIsCarriedOutWhenItComesBack() async throws {
        try await AgentHarness.run { harness in
            let agent = try harness.makeAgent()
            await harness.register(agent)
            let (id, _) = try await harness.bootDirectServer(vlan: 112)
            try await harness.converge(agent) { _ in try await Self.settled(harness, id, "ACTIVE") }
            try await Self.act(harness, id, ["os-stop": .null])
            // No pass ran: the server still waits, and the guest still runs.
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await harness.serverBody(id)["OS-EXT-STS:task_state"] == "powering-off")
            #expect(try harness.hypervisor.domains().first { $0.uuid == id }?.isActive == true)
            let back = try harness.makeAgent()
            try await harness.converge(back) { _ in try await Self.settled(harness, id, "SHUTOFF") }
            #expect(try await Self.settled(harness, id, "SHUTOFF"))
        }
    }
}
