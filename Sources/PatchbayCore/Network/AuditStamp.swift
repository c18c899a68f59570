/// Neutron's standard attributes: created/updated times and a revision counter bumped on
/// every change.
public struct AuditStamp: Sendable, Codable, Hashable {
    /// Creation time, as seconds since the Unix epoch.
    public var createdAt: Int64
    /// Last update time, as seconds since the Unix epoch.
    public var updatedAt: Int64
    /// Starts at 1 (Neutron's first revision after create) and grows by one per update.
    public var revisionNumber: Int

    /// A stamp for a resource created at `now`.
    public init(createdAt now: Int64) {
        self.createdAt = now
        self.updatedAt = now
        self.revisionNumber = 1
    }

    /// The stamp after an update at `now`.
    public func bumped(at now: Int64) -> AuditStamp {
        var next = self
        next.updatedAt = max(now, createdAt)
        next.revisionNumber += 1
        return next
    }
}
