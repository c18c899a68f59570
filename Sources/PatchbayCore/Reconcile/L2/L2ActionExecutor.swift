/// Performs the L2 reconciler's actions against a `HostLinks` seam; the I/O half of L2 reconcile.
public struct L2ActionExecutor<Links: HostLinks>: Sendable {
    /// Where links are read and changed.
    public let links: Links

    /// Creates an executor over a links seam.
    public init(links: Links) {
        self.links = links
    }

    /// Takes a snapshot, plans and performs the plan; returns the plan it performed.
    ///
    /// - Throws: the snapshot's error, or `host.l2_action_failed` naming the first action that
    ///   failed (later actions are not tried; the next reconcile plans again from what is there).
    @discardableResult
    public func reconcile(_ intents: [L2PortIntent]) throws(PatchbayError) -> L2Plan {
        let plan = L2Reconciler.plan(intents: intents, actual: try links.snapshot())
        try perform(plan.actions)
        return plan
    }

    /// Performs `actions` in order; stops at the first failure.
    public func perform(_ actions: [L2Action]) throws(PatchbayError) {
        for action in actions {
            do { try links.perform(action) } catch { throw .l2ActionFailed(action, error) }
        }
    }
}
