import PatchbayCore

/// What one agent pass did and found; tests and logs read it.
public struct PassResult: Sendable {
    /// How the pass's fetch of the desired state went.
    public enum Fetch: Sendable, Equatable {
        /// The server had nothing new (after its long-poll wait, if any).
        case unchanged
        /// A new desired state arrived.
        case changed
        /// The server could not be asked; the pass worked from the last state.
        case failed
    }

    /// How the pass's fetch of the desired state went.
    public var fetch: Fetch = .failed
    /// VF actions performed (saves, sets, restores, forgets).
    public var vfActions: [VFAction] = []
    /// Link actions performed.
    public var linkActions: [L2Action] = []
    /// Guest actions performed.
    public var guestActions: [GuestAction] = []
    /// Ports fully wired on the host after the pass.
    public var wiredPorts: Set<String> = []
    /// Guests running after the pass.
    public var runningGuests: Set<String> = []
    /// Guests that could not be defined, started, stopped or rebooted, with the hypervisor's reason.
    public var failedGuests: [String: String] = [:]
    /// Wanted guests whose domain is defined but shut off after the pass.
    public var stoppedGuests: Set<String> = []
    /// The reboot counters carried out, for wanted guests with reboots asked.
    public var rebootedGuests: [String: Int] = [:]
    /// The ports each wanted guest's domain holds after the pass (running domain, else definition).
    public var guestInterfaces: [String: Set<String>] = [:]
    /// Ports that could not be wired, with the reason.
    public var portProblems: [String: String] = [:]
    /// Ports reported up to the server in this pass.
    public var reportedUp: [String] = []
    /// Ports reported down to the server in this pass.
    public var reportedDown: [String] = []
    /// Why ports could not be wired, as reported to the server in this pass.
    public var reportedReasons: [String: String] = [:]
    /// Retiring servers of which no domain is left after the pass.
    public var absentGuests: [String] = []
    /// Tap flows programmed this pass (nil) or refused (the reason), for those whose ports are wired.
    public var tapFlows: [String: String?] = [:]
    /// Retiring servers reported absent to the server in this pass.
    public var reportedAbsent: [String] = []
    /// Set when the pass was refused because it would tear down too many guests; it then changed
    /// nothing on the host and reported nothing.
    public var refusal: GuestTeardownRefusal?

    /// True when the pass changed nothing on the host.
    public var changedNothing: Bool { vfActions.isEmpty && linkActions.isEmpty && guestActions.isEmpty }

    /// An empty result.
    public init() {}
}
