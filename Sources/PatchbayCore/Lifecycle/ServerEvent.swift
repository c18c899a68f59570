/// Something that happens to a server: a build step, an owner's request or an agent's report.
public enum ServerEvent: Sendable, Hashable {
    /// The scheduler claimed a host's devices, RAM and VCPUs: scheduling → networking.
    case placed
    /// Ports bound and the domain rendered: networking → spawning (or active without an agent).
    case wired(waitForAgent: Bool)
    /// The agent reports the guest running with every port up.
    case guestRunning
    /// The agent reports the guest shut off.
    case guestStopped
    /// A build step failed, or the host's agent could not start the guest.
    case buildFailed
    /// The owner deleted the server.
    case deleteRequested
    /// `os-stop`.
    case stop
    /// `os-start`.
    case start
    /// `reboot`, soft or hard.
    case reboot(hard: Bool)
    /// A power action the agent could not carry out: the task is cleared, the state kept.
    case actionFailed

    /// The action name Nova's refusals use ("Cannot 'stop' instance …").
    public var actionName: String {
        switch self {
        case .placed, .wired, .guestRunning, .guestStopped, .buildFailed, .actionFailed: "build"
        case .deleteRequested: "delete"
        case .stop: "stop"
        case .start: "start"
        case .reboot: "reboot"
        }
    }
}
