/// What one guest reconcile pass did and where it left each desired guest.
public struct GuestReconcileResult: Hashable, Sendable {
    /// The actions that succeeded, in the order performed.
    public var performed: [GuestAction]
    /// The (lowercase) UUIDs of desired guests that are running after the pass.
    public var running: Set<String>
    /// The guests whose actions failed, by (lowercase) UUID: the error's code and message.
    public var failed: [String: String]

    /// Creates a result.
    public init(performed: [GuestAction] = [], running: Set<String> = [], failed: [String: String] = [:]) {
        self.performed = performed
        self.running = running
        self.failed = failed
    }
}

/// Performs the guest reconciler's actions against a hypervisor; the I/O half of guest reconcile.
public struct GuestActionExecutor<H: Hypervisor>: Sendable {
    /// Where domains are listed, defined, started and removed.
    public let hypervisor: H
    /// Told of each action that succeeded, right after it (the agent's crash points hook in here).
    public let performed: (@Sendable (GuestAction) -> Void)?

    /// Creates an executor over a hypervisor seam.
    public init(hypervisor: H, performed: (@Sendable (GuestAction) -> Void)? = nil) {
        self.hypervisor = hypervisor
        self.performed = performed
    }

    /// Lists the domains, computes the actions and performs them.
    ///
    /// A failed action is recorded in `failed` and skips that guest's remaining actions (no
    /// `start` after a failed `define`); other guests carry on. The next pass retries.
    /// - Throws: the hypervisor's error when the domains cannot be listed; nothing was changed.
    public func reconcile(_ desired: [DesiredGuest]) throws(PatchbayError) -> GuestReconcileResult {
        let actual = try hypervisor.domains()
        return run(GuestReconciler.actions(desired: desired, actual: actual), desired: desired, actual: actual)
    }

    /// Only the teardown half over an already listed `actual`: destroys and undefines the
    /// managed domains not desired. `running` stays empty; `failed` names the guests whose
    /// teardown failed (they may still hold devices).
    public func tearDown(_ desired: [DesiredGuest], actual: [GuestDomainState]) -> GuestReconcileResult {
        run(GuestReconciler.actions(desired: desired, actual: actual).filter(\.isTeardown), desired: [], actual: actual)
    }

    /// Only the bring-up half over `actual` (listed before `tearDown`, which leaves desired
    /// guests alone): defines and starts the desired guests.
    public func bringUp(_ desired: [DesiredGuest], actual: [GuestDomainState]) -> GuestReconcileResult {
        run(GuestReconciler.actions(desired: desired, actual: actual).filter { !$0.isTeardown }, desired: desired, actual: actual)
    }

    private func run(_ actions: [GuestAction], desired: [DesiredGuest], actual: [GuestDomainState]) -> GuestReconcileResult {
        var result = GuestReconcileResult()
        for action in actions where result.failed[action.uuid] == nil {
            do {
                try perform(action)
                result.performed.append(action)
            } catch {
                result.failed[action.uuid] = error.description
            }
        }
        let wanted = Set(desired.map { $0.uuid.lowercased() })
        let after = GuestReconciler.domains(after: result.performed, actual: actual)
        result.running = wanted.filter { after[$0] == true }
        return result
    }

    /// Performs one action, then tells `performed`. A `define` whose XML names another UUID
    /// than the action fails.
    public func perform(_ action: GuestAction) throws(PatchbayError) {
        try carryOut(action)
        performed?(action)
    }

    private func carryOut(_ action: GuestAction) throws(PatchbayError) {
        switch action {
        case .define(let uuid, let name, let xml):
            let defined = try hypervisor.define(xml: xml)
            guard defined.uuid == uuid.lowercased() else {
                throw .hypervisorFailed(operation: "define", domain: name,
                                        reason: "the XML defines uuid \(defined.uuid), expected \(uuid)")
            }
        case .start(let uuid, _):
            try hypervisor.start(uuid: uuid)
        case .destroy(let uuid, _):
            try hypervisor.destroy(uuid: uuid)
        case .undefine(let uuid, _):
            try hypervisor.undefine(uuid: uuid)
        case .shutOff(let uuid, _):
            try hypervisor.destroy(uuid: uuid)
        case .reboot(let uuid, _, let hard):
            if !hard, (try? hypervisor.reboot(uuid: uuid)) != nil { return }
            // A hard reboot, or a guest that cannot take a soft one: power cycle it.
            try hypervisor.destroy(uuid: uuid)
            try hypervisor.start(uuid: uuid)
        case .attachDevice(let uuid, _, let device, let live, let config):
            try hypervisor.attachDevice(uuid: uuid, xml: device.xml, live: live, config: config)
        case .detachDevice(let uuid, _, let device, let live, let config):
            try hypervisor.detachDevice(uuid: uuid, xml: device.xml, live: live, config: config)
        }
    }

    /// The devices of a defined domain: the running domain's (nil when it is not running) and
    /// its definition's.
    public func devices(of domain: GuestDomainState) throws(PatchbayError) -> (live: [GuestNICDevice]?, persistent: [GuestNICDevice]) {
        let persistent = GuestNICDevice.devices(inDomainXML: try hypervisor.domainXML(uuid: domain.uuid, inactive: true))
        guard domain.isActive else { return (nil, persistent) }
        return (GuestNICDevice.devices(inDomainXML: try hypervisor.domainXML(uuid: domain.uuid, inactive: false)), persistent)
    }
}
