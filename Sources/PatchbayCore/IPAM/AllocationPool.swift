/// An inclusive range of addresses from which fixed IPs are handed out: `{"start", "end"}`.
public struct AllocationPool: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The first address of the range.
    public var start: IPAddress
    /// The last address of the range (inclusive).
    public var end: IPAddress

    /// Creates a pool; validity is checked by `SubnetLayout.plan`, not here.
    public init(start: IPAddress, end: IPAddress) {
        self.start = start
        self.end = end
    }

    /// True when both ends have the same version and `start` is not after `end`.
    public var isWellFormed: Bool { start.version == end.version && start.value <= end.value }

    /// True when `ip` lies within the pool (same version, between the ends).
    public func contains(_ ip: IPAddress) -> Bool {
        isWellFormed && ip.version == start.version && start.value <= ip.value && ip.value <= end.value
    }

    /// True when the two well-formed pools share at least one address.
    public func overlaps(_ other: AllocationPool) -> Bool {
        isWellFormed && other.isWellFormed && start.version == other.start.version
            && start.value <= other.end.value && other.start.value <= end.value
    }

    /// Neutron's text for a range: `start-end`.
    public var description: String { "\(start)-\(end)" }
}
