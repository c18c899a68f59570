/// What a deleted server still waits for before its devices, memory, CPUs and ports are freed.
public enum DeletionStep: Sendable, Hashable {
    /// A build step may be running: the build sees `deleting` at its next step, undoes its own
    /// work and frees the server (or recovery does, once its lease has run out).
    case awaitBuild
    /// Its guest may exist on its host: the host's agent tears it down and reports it absent.
    case awaitGuestAbsence
    /// Nothing can hold anything any more: free everything now.
    case purgeNow

    /// The step for `server` at `now`. A server whose host's agent is down is freed at once
    /// (Nova's local delete): waiting for an agent that may never return would hold its
    /// devices forever.
    public static func next(for server: Server, now: Int64, agentAlive: Bool, waitForAgent: Bool) -> DeletionStep {
        if server.isBuildLeased(at: now) { return .awaitBuild }
        guard server.host != nil, server.domainXML != nil, waitForAgent, agentAlive else { return .purgeNow }
        return .awaitGuestAbsence
    }
}
