import Foundation
import NetnsTesting
import PatchbayAgent
import PatchbayCore
import PatchbayHost
import PatchbayTesting
import Testing

@Suite("The host agent boots an SR-IOV server end to end and cleans up after it",
       .requires(NetworkNamespace.isAvailable, "root and ip netns"))
struct AgentLifecycleTests {
    @Test func registersReportsInventoryAndSendsNothingWhenUnchanged() async throws {
        try await AgentHarness.run { harness in
            let agent = try harness.makeAgent()
            await harness.register(agent)
            let agents = try await harness.client.get("/network/v2.0/agents?host=compute-1").json["agents"]?.arrayValue ?? []
            #expect(agents.count == 1)
            #expect(agents.first?["agent_type"]?.stringValue == "Patchbay agent")
            #expect(agents.first?["configurations"]?["device_mappings"]?["physnet1"] == ["ens1f0"])
            let hosts = try await harness.client.get("/patchbay/v1/hosts").json["hosts"]?.arrayValue ?? []
            let generation = try #require(hosts.first?["generation"]?.intValue)
            #expect(hosts.first?["devices"]?.intValue == 4)
            await agent.syncInventory()
            await agent.syncInventory()
            let again = try await harness.client.get("/patchbay/v1/hosts").json["hosts"]?.arrayValue ?? []
            #expect(again.first?["generation"]?.intValue == generation)
        }
    }

    @Test func bootConfiguresTheVFStartsTheGuestAndTurnsTheServerActive() async throws {
        try await AgentHarness.run { harness in
            let agent = try harness.makeAgent()
            await harness.register(agent)
            let (serverId, portId) = try await harness.bootDirectServer(vlan: 101)
            #expect(try await harness.serverBody(serverId)["status"] == "BUILD")
            try await harness.converge(agent) { _ in try await harness.serverBody(serverId)["status"] == "ACTIVE" }
            #expect(try await harness.serverBody(serverId)["status"] == "ACTIVE")
            #expect(try await harness.portBody(portId)["status"] == "ACTIVE")
            let slot = try #require(try await harness.portBody(portId)["binding:profile"]?["pci_slot"]?.stringValue)
            let vf = Int(slot.suffix(1))!
            let settings = try #require(try harness.nic.vfSettings(pf: "ens1f0")[vf])
            let mac = try #require(try await harness.portBody(portId)["mac_address"]?.stringValue)
            #expect(settings == VFSettings(mac: mac, vlan: 101, spoofChecking: true, linkState: .enable))
            let domains = try harness.hypervisor.domains()
            #expect(domains.contains { $0.uuid == serverId && $0.isActive })
            let quiet = await agent.pass()
            #expect(quiet.changedNothing)
            #expect(quiet.reportedUp.isEmpty && quiet.reportedDown.isEmpty)
        }
    }

    @Test func deletingTheServerRestoresTheVFAndRemovesTheGuest() async throws {
        try await AgentHarness.run { harness in
            let agent = try harness.makeAgent()
            await harness.register(agent)
            try harness.nic.set(pf: "ens1f0", vf: 0, [.mac("02:00:00:81:02:00"), .vlan(7, qos: 0)])
            try harness.nic.set(pf: "ens1f0", vf: 1, [.mac("02:00:00:81:02:01"), .vlan(7, qos: 0)])
            let before = try harness.nic.vfSettings(pf: "ens1f0")
            let (serverId, _) = try await harness.bootDirectServer(vlan: 102)
            try await harness.converge(agent) { _ in try await harness.serverBody(serverId)["status"] == "ACTIVE" }
            #expect(try harness.nic.vfSettings(pf: "ens1f0") != before)
            let deleted = try await harness.client.send("DELETE", "/compute/v2.1/servers/\(serverId)")
            #expect(deleted.status == 204)
            // The first pass tears the guest down and reports it absent; the server then frees the
            // port, and the next pass restores the VF.
            let teardown = await agent.pass()
            #expect(teardown.reportedAbsent == [serverId])
            #expect(try harness.hypervisor.domains().contains { $0.uuid == serverId } == false)
            #expect(try await harness.client.get("/compute/v2.1/servers/\(serverId)").status == 404)
            let result = await agent.pass()
            #expect(result.vfActions.contains { if case .restore = $0 { true } else { false } })
            #expect(try harness.nic.vfSettings(pf: "ens1f0") == before)
        }
    }

    @Test func anAgentKilledMidwayConvergesAfterRestartWithoutTouchingWhatIsRight() async throws {
        try await AgentHarness.run { harness in
            let first = try harness.makeAgent()
            await harness.register(first)
            let (serverId, portId) = try await harness.bootDirectServer(vlan: 103)
            try await harness.converge(first) { _ in try await harness.serverBody(serverId)["status"] == "ACTIVE" }
            // A restarted agent finds everything right: no VF, link or guest action, no report.
            let restarted = try harness.makeAgent()
            let calm = await restarted.pass()
            #expect(calm.changedNothing && calm.reportedUp.isEmpty && calm.reportedDown.isEmpty)
            // Killed between saving the original and the server's delete: the journal remembers the
            // original, so the restarted agent still restores the VF.
            let slot = try #require(try await harness.portBody(portId)["binding:profile"]?["pci_slot"]?.stringValue)
            let vf = Int(slot.suffix(1))!
            _ = try await harness.client.send("DELETE", "/compute/v2.1/servers/\(serverId)")
            let third = try harness.makeAgent()
            await third.pass()
            await third.pass()
            #expect(try harness.nic.vfSettings(pf: "ens1f0")[vf] == .defaults)
            #expect(try FileVFStateJournal(directory: harness.config.stateDirectory + "/vf-originals").originals().isEmpty)
        }
    }

    @Test func keepsConvergingWhileTheServerIsDownAndCatchesUpWhenItReturns() async throws {
        try await AgentHarness.run { harness in
            let agent = try harness.makeAgent()
            await harness.register(agent)
            let (serverId, portId) = try await harness.bootDirectServer(vlan: 104)
            try await harness.converge(agent) { _ in try await harness.serverBody(serverId)["status"] == "ACTIVE" }
            let slot = try #require(try await harness.portBody(portId)["binding:profile"]?["pci_slot"]?.stringValue)
            let vf = Int(slot.suffix(1))!
            let wanted = try harness.nic.vfSettings(pf: "ens1f0")[vf]
            try await harness.server.stop()
            // Someone changes the VF behind the agent's back while the server is away; a restarted
            // agent works from the state it saved on disk and puts the VF right.
            try harness.nic.set(pf: "ens1f0", vf: vf, [.vlan(999, qos: 0)])
            let offline = try harness.makeAgent()
            let repaired = await offline.pass()
            #expect(!repaired.vfActions.isEmpty)
            #expect(try harness.nic.vfSettings(pf: "ens1f0")[vf] == wanted)
            harness.server = try await TestServer.start(yaml: AgentHarness.yaml, databasePath: harness.server.databasePath,
                                                        waitForAgent: true,
                                                        listen: String(harness.server.baseURL.dropFirst("http://".count)))
            await offline.heartbeat()
            let agents = try await harness.client.get("/network/v2.0/agents?host=compute-1").json["agents"]?.arrayValue ?? []
            #expect(agents.first?["alive"] == true)
            #expect(try await harness.serverBody(serverId)["status"] == "ACTIVE")
        }
    }

    @Test func aPFWhoseCarrierGoesDownStopsSchedulingAndSaysWhy() async throws {
        try await AgentHarness.run { harness in
            let agent = try harness.makeAgent()
            await harness.register(agent)
            try harness.fixture.write("down", to: "sys/class/net/ens1f0/operstate")
            await agent.syncInventory()
            let devices = try await harness.client.get("/patchbay/v1/hosts/compute-1/pci_devices").json["devices"]?.arrayValue ?? []
            #expect(devices.count == 4)
            #expect(devices.allSatisfy { $0["state"] == "unavailable" })
            #expect(devices.first?["reason"]?.stringValue == "PF ens1f0 carrier down (operstate 'down')")
            let (serverId, _) = try await harness.bootDirectServer(vlan: 105)
            let body = try await harness.serverBody(serverId)
            #expect(body["status"] == "ERROR")
            #expect(body["fault"]?["message"]?.stringValue?.contains("No valid host") == true)
            try harness.fixture.write("up", to: "sys/class/net/ens1f0/operstate")
            await agent.syncInventory()
            let healed = try await harness.client.get("/patchbay/v1/hosts/compute-1/pci_devices").json["devices"]?.arrayValue ?? []
            #expect(healed.allSatisfy { $0["state"] == "available" && $0["reason"] == .null })
        }
    }
}
