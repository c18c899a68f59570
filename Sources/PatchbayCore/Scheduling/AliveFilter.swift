/// Removes hosts whose agent is down or that an operator disabled.
public struct AliveFilter: HostFilter {
    /// Creates the filter.
    public init() {}

    /// Passes hosts that are both alive and enabled.
    public func check(_ host: HostCandidate, for request: SchedulingRequest, scratch: inout SchedulingScratch) -> HostVerdict {
        host.alive && host.enabled ? .pass : .refuse(.notAliveOrDisabled)
    }
}
