/// What `L2Reconciler.plan` decided: the actions to perform and which ports they make ready.
public struct L2Plan: Hashable, Sendable {
    /// The actions, in the order to perform them.
    public var actions: [L2Action]
    /// Ports whose device is fully wired once the actions succeed; the agent reports them up.
    public var readyPorts: Set<String>
    /// Bridged and VXLAN ports whose tap does not exist yet (the hypervisor creates taps); they
    /// get no tap actions and are not ready. Their bridge is prepared so the hypervisor can plug.
    public var waitingPorts: Set<String>

    /// Creates a plan.
    public init(actions: [L2Action] = [], readyPorts: Set<String> = [], waitingPorts: Set<String> = []) {
        self.actions = actions
        self.readyPorts = readyPorts
        self.waitingPorts = waitingPorts
    }
}
