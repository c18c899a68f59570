/// What `L2Reconciler.plan` decided: the actions to perform and which ports they make ready.
public struct L2Plan: Hashable, Sendable {
    /// The actions, in the order to perform them.
    public var actions: [L2Action]
    /// Ports whose device is fully wired once the actions succeed: a tap filtered and on its
    /// bridge, or a macvtap with the port's MAC. The agent reports them up, and a guest starts
    /// only when all of its ports are.
    public var readyPorts: Set<String>

    /// Creates a plan.
    public init(actions: [L2Action] = [], readyPorts: Set<String> = []) {
        self.actions = actions
        self.readyPorts = readyPorts
    }
}
