import PatchbayCore
import Testing

/// The server state machine, table-driven: every allowed step and the refusals around it.
@Suite struct ServerLifecycleTests {
    typealias S = LifecycleState

    static let moves: [(S, ServerEvent, S)] = [
        (S(.building, .scheduling), .placed, S(.building, .networking)),
        (S(.building, .networking), .wired(waitForAgent: true), S(.building, .spawning)),
        (S(.building, .networking), .wired(waitForAgent: false), S(.active)),
        (S(.building, .spawning), .guestRunning, S(.active)),
        (S(.building, .scheduling), .buildFailed, S(.error)),
        (S(.building, .spawning), .buildFailed, S(.error)),
        (S(.building, .networking), .deleteRequested, S(.building, .deleting)),
        (S(.active), .deleteRequested, S(.active, .deleting)),
        (S(.error), .deleteRequested, S(.error, .deleting)),
        (S(.active), .stop, S(.active, .poweringOff)),
        (S(.active, .poweringOff), .guestStopped, S(.stopped)),
        (S(.stopped), .start, S(.stopped, .poweringOn)),
        (S(.stopped, .poweringOn), .guestRunning, S(.active)),
        (S(.active), .reboot(hard: false), S(.active, .rebooting)),
        (S(.active), .reboot(hard: true), S(.active, .rebootingHard)),
        (S(.stopped), .reboot(hard: true), S(.stopped, .rebootingHard)),
        (S(.active, .rebooting), .guestRunning, S(.active)),
        (S(.stopped, .rebootingHard), .guestRunning, S(.active)),
        (S(.active, .poweringOff), .actionFailed, S(.active)),
    ]

    @Test(arguments: moves.indices)
    func allowedStep_MovesToItsTarget(index: Int) {
        let (from, event, to) = Self.moves[index]
        #expect(ServerLifecycle.next(from, on: event, serverId: "s1") == .moved(to))
    }

    static let refusals: [(S, ServerEvent)] = [
        (S(.building, .deleting), .placed),
        (S(.building, .deleting), .wired(waitForAgent: true)),
        (S(.building, .deleting), .buildFailed),
        (S(.active, .deleting), .guestRunning),
        (S(.building, .networking), .placed),
        (S(.building, .scheduling), .wired(waitForAgent: true)),
        (S(.active), .placed),
        (S(.active), .start),
        (S(.stopped), .stop),
        (S(.building, .spawning), .stop),
        (S(.stopped), .reboot(hard: false)),
        (S(.active, .poweringOff), .reboot(hard: true)),
        (S(.error), .guestRunning),
    ]

    @Test(arguments: refusals.indices)
    func stepOutOfPlace_Fails(index: Int) {
        let (from, event) = Self.refusals[index]
        guard case .refused(let error) = ServerLifecycle.next(from, on: event, serverId: "s1") else {
            Issue.record("\(event) from \(from) was not refused")
            return
        }
        #expect(error.code == "compute.instance_invalid_state")
        #expect(error.category == .conflict)
        #expect(error.message.hasPrefix("Cannot '\(event.actionName)' instance s1 while it is in "))
    }

    @Test func secondDelete_ChangesNothing() {
        #expect(ServerLifecycle.next(S(.active, .deleting), on: .deleteRequested, serverId: "s1") == .unchanged)
    }

    @Test func novaStatus_FollowsNovasMapping() {
        #expect(S(.building, .spawning).novaStatus == "BUILD")
        #expect(S(.active).novaStatus == "ACTIVE")
        #expect(S(.active, .rebooting).novaStatus == "REBOOT")
        #expect(S(.active, .rebootingHard).novaStatus == "HARD_REBOOT")
        #expect(S(.stopped).novaStatus == "SHUTOFF")
        #expect(S(.error, .deleting).novaStatus == "ERROR")
    }

    static func server(_ state: S, host: String? = "h1", domain: String? = "<domain/>", lease: BuildLease? = nil) -> Server {
        var server = Server(id: "s1", projectId: "p", userId: "u", name: "vm",
                            flavor: Flavor(id: "f", name: "f", ramMB: 512, vcpus: 1), imageRef: "",
                            vmState: state.vmState, taskState: state.taskState, host: host, audit: AuditStamp(createdAt: 0))
        server.domainXML = domain
        server.lease = lease
        return server
    }

    @Test func deletionStep_WaitsForWhatCanStillHoldTheServer() {
        let leased = Self.server(S(.building, .deleting), domain: nil, lease: BuildLease(owner: "a", expiresAt: 100))
        // DeletionStep looks at the build lease only while the server builds.
        var building = leased
        building.taskState = .networking
        #expect(building.isBuildLeased(at: 50))
        #expect(!building.isBuildLeased(at: 100))
        #expect(DeletionStep.next(for: Self.server(S(.active, .deleting)), now: 0, agentAlive: true, waitForAgent: true)
                == .awaitGuestAbsence)
        #expect(DeletionStep.next(for: Self.server(S(.active, .deleting)), now: 0, agentAlive: false, waitForAgent: true)
                == .purgeNow, "a dead host's agent cannot confirm: local delete")
        #expect(DeletionStep.next(for: Self.server(S(.active, .deleting)), now: 0, agentAlive: true, waitForAgent: false)
                == .purgeNow)
        #expect(DeletionStep.next(for: Self.server(S(.building, .deleting), host: nil, domain: nil), now: 0, agentAlive: true,
                                  waitForAgent: true) == .purgeNow, "never placed")
        #expect(DeletionStep.next(for: Self.server(S(.building, .deleting), domain: nil), now: 0, agentAlive: true,
                                  waitForAgent: true) == .purgeNow, "placed but never handed to the agent")
    }
}
