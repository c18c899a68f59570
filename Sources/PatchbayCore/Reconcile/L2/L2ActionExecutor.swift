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

    /// Snapshots, plans and performs with each port's failures contained to that port.
    ///
    /// A failed action fails its device; a later action touching a failed device is skipped and
    /// fails its own device too. A port fails when a device it needs failed (its tap or macvtap,
    /// its bridge, uplink, VXLAN device or macvtap source), so a missing uplink fails only that
    /// physnet's ports and a missing macvtap source only the macvtaps on it; every other port
    /// converges in the same pass.
    ///
    /// With `owned`, links named as the agent names its own (`mvt…`, `vxlan-N`, `pbvx-N`) that
    /// `owned` does not list are hidden from the planner, a `deleteLink` of an unrecorded name is
    /// never performed, each created link is recorded and each deleted one forgotten, and records
    /// of links gone from the host are dropped.
    /// - Throws: the snapshot's or the record's error; nothing was changed.
    public func converge(_ intents: [L2PortIntent], owned: (any OwnedLinkRecord)? = nil) throws(PatchbayError) -> L2Convergence {
        var actual = try links.snapshot()
        var recorded: Set<String>? = nil
        if let owned {
            var names = try owned.names()
            for gone in names.subtracting(actual.links.keys).sorted() {
                try owned.forget(gone)
                names.remove(gone)
            }
            actual.links = actual.links.filter { names.contains($0.key) || !L2Convergence.isAgentNamed($0.key) }
            recorded = names
        }
        let plan = L2Reconciler.plan(intents: intents, actual: actual)
        var result = L2Convergence(plan: plan)
        for action in plan.actions {
            if let blocked = L2Convergence.touchedDevices(action).first(where: { result.failedDevices[$0] != nil }) {
                if result.failedDevices[action.device] == nil { result.failedDevices[action.device] = result.failedDevices[blocked] }
                continue
            }
            if case .deleteLink(let name) = action, let names = recorded, !names.contains(name) {
                result.failedDevices[name] = "\(name) exists but was not created by the agent; it is left alone"
                continue
            }
            do {
                try links.perform(action)
            } catch {
                result.failedDevices[action.device] = PatchbayError.l2ActionFailed(action, error).message
                continue
            }
            result.performed.append(action)
            if let owned { try keepRecord(of: action, in: owned, names: &recorded) }
        }
        result.settle(intents)
        return result
    }

    private func keepRecord(of action: L2Action, in owned: any OwnedLinkRecord, names: inout Set<String>?) throws(PatchbayError) {
        switch action {
        case .deleteLink(let name):
            try owned.forget(name)
            names?.remove(name)
        default:
            guard let created = L2Convergence.createdLink(action) else { return }
            try owned.record(created)
            names?.insert(created)
        }
    }
}
