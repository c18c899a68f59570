/// What moves between scheduling passes for one host: whether its agent is heard from, and the
/// RAM and VCPUs no server holds. Kept apart from ``HostCandidate`` (name, totals, NUMA cells,
/// pools), so a server's view of many hosts is built once and each pass only fills these in.
public struct HostAvailability: Sendable, Hashable {
    /// True when the host's agent reported within the host down time.
    public var alive: Bool
    /// Unclaimed RAM in MB.
    public var freeRAMMB: Int
    /// Unclaimed VCPUs.
    public var freeVCPUs: Int

    /// Creates an availability.
    public init(alive: Bool, freeRAMMB: Int, freeVCPUs: Int) {
        self.alive = alive
        self.freeRAMMB = freeRAMMB
        self.freeVCPUs = freeVCPUs
    }
}

extension HostCandidate {
    /// The candidate's own liveness and free capacity.
    public var availability: HostAvailability {
        HostAvailability(alive: alive, freeRAMMB: freeRAMMB, freeVCPUs: freeVCPUs)
    }

    /// The candidate with `availability` in place of its own.
    public func with(_ availability: HostAvailability) -> HostCandidate {
        var candidate = self
        candidate.alive = availability.alive
        candidate.freeRAMMB = availability.freeRAMMB
        candidate.freeVCPUs = availability.freeVCPUs
        return candidate
    }
}
