/// The agent's brake on mass teardown: a desired state that would destroy more managed guests
/// than `limit` (not counting those the server retires on purpose) is refused as a whole, since
/// it more likely comes from a wrong or truncated state than from intent.
public struct GuestTeardownGuard: Hashable, Sendable {
    /// The most unexplained teardowns one pass may perform (`agent.max_teardown`).
    public var limit: Int
    /// True when the operator lifted the limit (`patchbay agent --allow-teardown`).
    public var overridden: Bool

    /// Creates a guard.
    public init(limit: Int, overridden: Bool = false) {
        self.limit = limit
        self.overridden = overridden
    }

    /// Why a pass over `actual` must not run, or nil when it may.
    ///
    /// Counts managed domains (``GuestReconciler/managedPrefix``) whose UUID is neither desired
    /// nor in `retiring`; more than `limit` of them is a refusal, unless overridden.
    public func refusal(desired: [DesiredGuest], retiring: [String], actual: [GuestDomainState]) -> GuestTeardownRefusal? {
        guard !overridden else { return nil }
        let explained = Set(desired.map { $0.uuid.lowercased() } + retiring.map { $0.lowercased() })
        let unexplained = GuestReconciler.unwanted(desired: desired, actual: actual)
            .filter { !explained.contains($0.uuid) }
            .map(\.name).sorted()
        guard unexplained.count > limit else { return nil }
        return GuestTeardownRefusal(domains: unexplained, limit: limit)
    }
}

/// A refused pass: the managed domains it would have torn down without being told to.
public struct GuestTeardownRefusal: Hashable, Sendable, CustomStringConvertible {
    /// The domains' names, sorted.
    public var domains: [String]
    /// The limit they exceed.
    public var limit: Int

    /// The reason in words, naming the count, the limit and how to lift it.
    public var description: String {
        "the desired state would tear down \(domains.count) guests that are neither desired nor retiring "
            + "(agent.max_teardown is \(limit)); start the agent with --allow-teardown if that is intended"
    }
}
