/// Removes hosts without enough free RAM or VCPUs for the flavor (RAM is checked first).
public struct CapacityFilter: HostFilter {
    /// Creates the filter.
    public init() {}

    /// Passes hosts whose free RAM and free VCPUs both cover the request.
    public func check(_ host: HostCandidate, for request: SchedulingRequest, scratch: inout SchedulingScratch) -> HostVerdict {
        if host.freeRAMMB < request.ramMB { return .refuse(.insufficientRAM) }
        if host.freeVCPUs < request.vcpus { return .refuse(.insufficientVCPUs) }
        return .pass
    }
}
