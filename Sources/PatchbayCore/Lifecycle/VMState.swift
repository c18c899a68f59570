/// Nova's `vm_state`: what the server is, as `OS-EXT-STS:vm_state` shows it.
public enum VMState: String, Sendable, Codable, Hashable, CaseIterable {
    /// Being built: scheduled, wired and spawned.
    case building
    /// Its guest runs (or ran last; a power task may be under way).
    case active
    /// Powered off by `os-stop`; its devices stay claimed.
    case stopped
    /// A build or an action failed; `fault` says why.
    case error
}

/// Nova's `task_state`: what is under way, as `OS-EXT-STS:task_state` shows it.
public enum TaskState: String, Sendable, Codable, Hashable, CaseIterable {
    /// Choosing a host and claiming its devices, RAM and VCPUs.
    case scheduling
    /// Creating and binding the server's ports, rendering its domain.
    case networking
    /// Placed and wired; waiting for the host's agent to start the guest and bring its ports up.
    case spawning
    /// Deleted by its owner: hidden from lists, freed once its guest is confirmed gone.
    case deleting
    /// `os-stop` asked; waiting for the agent to shut the guest off.
    case poweringOff = "powering-off"
    /// `os-start` asked; waiting for the agent to start the guest.
    case poweringOn = "powering-on"
    /// A soft `reboot` asked.
    case rebooting
    /// A hard `reboot` asked.
    case rebootingHard = "rebooting_hard"
}

/// A server's place in its lifecycle: the pair every transition compares and swaps.
public struct LifecycleState: Sendable, Hashable {
    /// The vm_state.
    public var vmState: VMState
    /// The task_state, nil when nothing is under way.
    public var taskState: TaskState?

    /// Creates a state.
    public init(_ vmState: VMState, _ taskState: TaskState? = nil) {
        self.vmState = vmState
        self.taskState = taskState
    }

    /// The `status` Nova's API shows for this state.
    public var novaStatus: String {
        switch (vmState, taskState) {
        case (.building, _): "BUILD"
        case (.active, .rebooting?): "REBOOT"
        case (.active, .rebootingHard?): "HARD_REBOOT"
        case (.active, _): "ACTIVE"
        case (.stopped, .rebootingHard?): "HARD_REBOOT"
        case (.stopped, _): "SHUTOFF"
        case (.error, _): "ERROR"
        }
    }
}
