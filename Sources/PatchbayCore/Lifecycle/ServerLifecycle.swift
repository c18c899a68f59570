/// The server state machine: a pure function from a state and an event to the next state, or a
/// refusal. The compute service applies each step with a compare-and-swap on the server row, so
/// two writers never both move a server from the same state: a build step that finds its server
/// `deleting` is refused here and undoes its own work.
///
/// | from (vm, task)            | event            | to                       |
/// |----------------------------|------------------|--------------------------|
/// | building, scheduling       | placed           | building, networking     |
/// | building, networking       | wired            | building, spawning (or active, nil without an agent) |
/// | building, spawning         | guestRunning     | active, nil              |
/// | building, not deleting     | buildFailed      | error, nil               |
/// | any, not deleting          | deleteRequested  | same vm, deleting        |
/// | active or error, nil       | stop             | same vm, powering-off    |
/// | active, powering-off       | guestStopped     | stopped, nil             |
/// | stopped, nil               | start            | stopped, powering-on     |
/// | stopped, powering-on       | guestRunning     | active, nil              |
/// | active, nil                | reboot soft      | active, rebooting        |
/// | active/stopped/error, nil  | reboot hard      | same vm, rebooting_hard  |
/// | active or stopped, rebooting… | guestRunning  | active, nil              |
/// | any power task             | actionFailed     | same vm, nil             |
public enum ServerLifecycle {
    /// The outcome of one event.
    public enum Outcome: Sendable, Equatable {
        /// The server moves to this state.
        case moved(LifecycleState)
        /// Nothing to change (e.g. a second delete of a server already being deleted).
        case unchanged
        /// The event does not apply in this state.
        case refused(PatchbayError)
    }

    /// The next state of a server in `state` when `event` happens.
    public static func next(_ state: LifecycleState, on event: ServerEvent, serverId: String) -> Outcome {
        if state.taskState == .deleting {
            return event == .deleteRequested ? .unchanged : .refused(.instanceInvalidState(serverId, event, state))
        }
        let target: LifecycleState? = switch (state.vmState, state.taskState, event) {
        case (.building, .scheduling?, .placed): LifecycleState(.building, .networking)
        case (.building, .networking?, .wired(let wait)): wait ? LifecycleState(.building, .spawning) : LifecycleState(.active)
        case (.building, .spawning?, .guestRunning): LifecycleState(.active)
        case (.building, _, .buildFailed): LifecycleState(.error)
        case (let vm, _, .deleteRequested): LifecycleState(vm, .deleting)
        case (.active, nil, .stop), (.error, nil, .stop): LifecycleState(state.vmState, .poweringOff)
        case (.active, .poweringOff?, .guestStopped), (.error, .poweringOff?, .guestStopped): LifecycleState(.stopped)
        case (.stopped, nil, .start): LifecycleState(.stopped, .poweringOn)
        case (.stopped, .poweringOn?, .guestRunning): LifecycleState(.active)
        case (.active, nil, .reboot(hard: false)): LifecycleState(.active, .rebooting)
        case (.active, nil, .reboot(hard: true)), (.stopped, nil, .reboot(hard: true)), (.error, nil, .reboot(hard: true)):
            LifecycleState(state.vmState, .rebootingHard)
        case (_, .rebooting?, .guestRunning), (_, .rebootingHard?, .guestRunning): LifecycleState(.active)
        case (let vm, .poweringOff?, .actionFailed), (let vm, .poweringOn?, .actionFailed),
             (let vm, .rebooting?, .actionFailed), (let vm, .rebootingHard?, .actionFailed):
            LifecycleState(vm)
        default: nil
        }
        guard let target else { return .refused(.instanceInvalidState(serverId, event, state)) }
        return .moved(target)
    }
}

extension PatchbayError {
    /// 409 `InstanceInvalidState`, in Nova's words: "Cannot 'stop' instance X while it is in vm_state building".
    public static func instanceInvalidState(_ serverId: String, _ event: ServerEvent, _ state: LifecycleState) -> PatchbayError {
        let (attribute, value) = state.taskState.map { ("task_state", $0.rawValue) } ?? ("vm_state", state.vmState.rawValue)
        return PatchbayError(code: "compute.instance_invalid_state", type: "InstanceInvalidState", category: .conflict,
                             message: "Cannot '\(event.actionName)' instance \(serverId) while it is in \(attribute) \(value)")
    }
}
