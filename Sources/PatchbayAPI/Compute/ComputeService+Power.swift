import PatchbayCore
import PatchbayStore

extension ComputeService {
    /// Applies a power action (`.stop`, `.start` or `.reboot(hard:)`) as Nova does: the server
    /// moves to its task (powering-off, powering-on, rebooting, rebooting_hard) in one
    /// compare-and-swap, a reboot bumps the counter the desired state carries, and the host's
    /// agent confirms through its guest report. Without an agent to wait for (or a guest on a
    /// host), the confirmation follows at once. Refusals are the state machine's 409s.
    func power(_ id: String, _ action: ServerEvent, caller: Caller) async throws {
        _ = try await server(id, caller: caller)
        guard caller.canWrite else { throw PatchbayError.policyNotAuthorized("os_compute_api:servers:\(action.actionName)") }
        let moved = try await advance(id, on: action) { server in
            if case .reboot(let hard) = action {
                server.reboot = AssignedGuest.Reboot(counter: (server.reboot?.counter ?? 0) + 1, hard: hard)
            }
        }
        guard !config.waitForAgent || moved.host == nil || moved.domainXML == nil else { return }
        try await advance(id, on: action == .stop ? .guestStopped : .guestRunning)
    }

    /// The power state the owner wants for `server`'s guest: shut off while stopped (unless a
    /// start or a hard reboot is under way) and while a stop is; running otherwise.
    static func desiredPower(of server: Server) -> AssignedGuest.Power {
        switch (server.vmState, server.taskState) {
        case (_, .poweringOff?): .shutoff
        case (.stopped, .poweringOn?), (.stopped, .rebootingHard?): .running
        case (.stopped, _): .shutoff
        default: .running
        }
    }

    /// The power transitions a guest report confirms for one server: a stop once the guest is
    /// reported stopped, a start once it runs with every port up, a reboot once the agent
    /// reports the current counter done; a power task whose guest failed is cleared.
    func confirmPower(_ server: Server, _ report: GuestReport) async throws -> Bool {
        let powerTasks: Set<TaskState> = [.poweringOff, .poweringOn, .rebooting, .rebootingHard]
        let event: ServerEvent?
        switch server.taskState {
        case let task? where powerTasks.contains(task) && report.failed[server.id] != nil:
            event = .actionFailed
        case .poweringOff?:
            event = report.stopped.contains(server.id) ? .guestStopped : nil
        case .poweringOn?:
            event = report.running.contains(server.id) ? (try await portsAreUp(server) ? .guestRunning : nil) : nil
        case .rebooting?, .rebootingHard?:
            event = (report.rebooted[server.id] ?? -1) >= (server.reboot?.counter ?? 0) ? .guestRunning : nil
        default:
            event = nil
        }
        guard let event else { return false }
        do {
            try await advance(server.id, on: event)
            return true
        } catch let refusal as PatchbayError where refusal.code == "compute.instance_invalid_state" {
            return false
        }
    }
}
