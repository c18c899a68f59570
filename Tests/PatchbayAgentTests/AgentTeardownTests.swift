import Foundation
import NetnsTesting
import PatchbayAgent
import PatchbayCore
import PatchbayHost
import PatchbayTesting
import Testing

@Suite("The agent never tears down more than it should, and tears guests down before restoring their VFs",
       .requires(NetworkNamespace.isAvailable, "root and ip netns"))
struct AgentTeardownTests {
    /// A harness with a booted direct server (its VF set, its original journaled) and a guarded agent.
    static func withBootedServer(_ body: (AgentHarness, AgentHarness.GuardedAgent, HeldVFNIC, FaultyHypervisor,
                                          RetiringControlPlane, (server: String, vf: Int)) async throws -> Void) async throws {
        try await AgentHarness.run { harness in
            let nic = HeldVFNIC(nic: harness.nic, hypervisor: harness.hypervisor)
            let hypervisor = FaultyHypervisor(base: harness.hypervisor)
            let plane = RetiringControlPlane(base: HTTPControlPlane(baseURL: harness.server.baseURL, credentials: harness.config.credentials,
                                                                      timeout: .seconds(2)))
            let agent = try harness.makeGuardedAgent(nic: nic, hypervisor: hypervisor, plane: plane)
            await agent.syncInventory()
            await agent.heartbeat()
            let (serverId, portId) = try await harness.bootDirectServer(vlan: 101)
            for _ in 0..<6 {
                if try await harness.serverBody(serverId)["status"] == "ACTIVE" { break }
                await agent.pass()
            }
            #expect(try await harness.serverBody(serverId)["status"] == "ACTIVE")
            let slot = try #require(try await harness.portBody(portId)["binding:profile"]?["pci_slot"]?.stringValue)
            try await body(harness, agent, nic, hypervisor, plane, (serverId, Int(slot.suffix(1))!))
        }
    }

    @Test func aStateThatWouldTearDownSixUnknownGuestsChangesNothingUntilTeardownIsAllowed_Fails() async throws {
        try await Self.withBootedServer { harness, agent, nic, hypervisor, plane, booted in
            for _ in 0..<6 { _ = try harness.startUnknownGuest() }
            let tenant = try harness.nic.vfSettings(pf: "ens1f0")
            #expect(tenant[booted.vf] != .defaults)
            // The deleted server's own guest is retiring and does not count; the six unknown
            // managed domains would go with it.
            _ = try await harness.client.send("DELETE", "/compute/v2.1/servers/\(booted.server)")
            for _ in 0..<2 {
                let refused = await agent.pass()
                #expect(refused.refusal?.domains.count == 6)
                #expect(refused.refusal?.limit == 5)
                #expect(refused.changedNothing && refused.reportedDown.isEmpty && refused.reportedAbsent.isEmpty)
                #expect(try harness.hypervisor.domains().filter { $0.name.hasPrefix("patchbay-") && $0.isActive }.count == 7)
                #expect(try harness.nic.vfSettings(pf: "ens1f0") == tenant)
                #expect(try FileVFStateJournal(directory: harness.config.stateDirectory + "/vf-originals").originals().count == 1)
            }
            // The operator confirms: the same state goes through.
            let allowed = try harness.makeGuardedAgent(nic: nic, hypervisor: hypervisor, plane: plane, allowTeardown: true)
            let result = await allowed.pass()
            #expect(result.refusal == nil)
            #expect(try harness.hypervisor.domains().filter { $0.name.hasPrefix("patchbay-") }.isEmpty)
            // The server frees the port once the guest is reported absent; the next pass restores the VF.
            await allowed.pass()
            #expect(try harness.nic.vfSettings(pf: "ens1f0")[booted.vf] == .defaults)
            #expect(nic.refusedWrites.withLock { $0 } == 0)
        }
    }

    @Test func retiringGuestsDoNotCountAreTornDownAndReportedAbsentUntilNoLongerRetiring() async throws {
        try await Self.withBootedServer { harness, agent, nic, _, plane, booted in
            let unknown = try (0..<5).map { _ in try harness.startUnknownGuest() }
            _ = try await harness.client.send("DELETE", "/compute/v2.1/servers/\(booted.server)")
            let gone = UUID().uuidString.lowercased()
            plane.retiring.withLock { $0 = [booted.server, gone] }
            let first = await agent.pass()
            #expect(first.refusal == nil)
            #expect(try harness.hypervisor.domains().filter { $0.name.hasPrefix("patchbay-") }.isEmpty)
            #expect(Set(first.reportedAbsent) == [booted.server, gone])
            #expect(!first.reportedAbsent.contains { unknown.contains($0) })
            // Still retiring (as this plane shows it): the confirmation is sent again; then no more.
            #expect(Set(await agent.pass().reportedAbsent) == [booted.server, gone])
            // The server freed the port on the first confirmation, so this pass restored the VF.
            #expect(try harness.nic.vfSettings(pf: "ens1f0")[booted.vf] == .defaults)
            #expect(nic.refusedWrites.withLock { $0 } == 0)
            plane.retiring.withLock { $0 = [] }
            #expect(await agent.pass().reportedAbsent.isEmpty)
            #expect(plane.absentReports.withLock { $0.count } == 2)
        }
    }

    @Test func theGuestIsGoneBeforeItsVFIsRestored() async throws {
        try await Self.withBootedServer { harness, agent, nic, _, plane, booted in
            // From now on the VF is the guest's: the NIC refuses it while the domain exists.
            nic.holders.withLock { $0[booted.vf] = booted.server }
            _ = try await harness.client.send("DELETE", "/compute/v2.1/servers/\(booted.server)")
            plane.retiring.withLock { $0 = [booted.server] }
            let result = await agent.pass()
            #expect(result.guestActions.contains(.undefine(uuid: booted.server, name: DomainNaming.name(for: booted.server))))
            #expect(result.reportedAbsent == [booted.server])
            // The server frees the port on that report; only then is the VF restored.
            let next = await agent.pass()
            #expect(next.vfActions.contains { if case .restore = $0 { true } else { false } })
            #expect(nic.refusedWrites.withLock { $0 } == 0)
            #expect(try harness.nic.vfSettings(pf: "ens1f0")[booted.vf] == .defaults)
        }
    }

    @Test func aGuestWhoseTeardownFailsKeepsItsVFUntouchedThatPass_Fails() async throws {
        try await Self.withBootedServer { harness, agent, nic, hypervisor, plane, booted in
            nic.holders.withLock { $0[booted.vf] = booted.server }
            let tenant = try harness.nic.vfSettings(pf: "ens1f0")[booted.vf]
            hypervisor.failingDestroy.withLock { $0 = [booted.server] }
            _ = try await harness.client.send("DELETE", "/compute/v2.1/servers/\(booted.server)")
            plane.retiring.withLock { $0 = [booted.server] }
            let stuck = await agent.pass()
            #expect(stuck.vfActions.isEmpty && stuck.reportedAbsent.isEmpty)
            #expect(try harness.nic.vfSettings(pf: "ens1f0")[booted.vf] == tenant)
            #expect(nic.refusedWrites.withLock { $0 } == 0)
            hypervisor.failingDestroy.withLock { $0 = [] }
            let freed = await agent.pass()
            #expect(freed.reportedAbsent == [booted.server])
            await agent.pass()
            #expect(try harness.nic.vfSettings(pf: "ens1f0")[booted.vf] == .defaults)
            #expect(nic.refusedWrites.withLock { $0 } == 0)
        }
    }
}
