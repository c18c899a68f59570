/// Where an agent keeps the last reboot counter it carried out for each guest, so a restarted
/// agent neither repeats a reboot nor forgets one. `FileGuestRebootRecord` (PatchbayHost) keeps
/// it in the agent's state directory.
public protocol GuestRebootRecord: Sendable {
    /// The counters by (lowercase) server id.
    func counters() throws(PatchbayError) -> [String: Int]
    /// Replaces the counters; durable when this returns.
    func save(_ counters: [String: Int]) throws(PatchbayError)
}

extension PatchbayError {
    /// 500 `AgentStateFailed`: a file of the agent's state directory cannot be read or written.
    public static func agentStateFailed(_ path: String, _ reason: String) -> PatchbayError {
        PatchbayError(code: "host.agent_state_failed", type: "AgentStateFailed", category: .internalError,
                      message: "Cannot use the agent state file \(path): \(reason)")
    }
}
