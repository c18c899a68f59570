/// One of the scheduler's filters resolved once per `select`: the built-in filters run inline
/// in the host loop (same verdicts, no existential call per host), any other through its protocol.
enum FilterStage {
    /// `AliveFilter`.
    case alive
    /// `CapacityFilter`.
    case capacity
    /// `PCIFilter`, through `PreparedPCIRequests` when it can.
    case pci
    /// A filter the scheduler does not know, by its index in `Scheduler.filters`.
    case other(Int)

    /// The stages of `filters`, in order.
    static func stages(of filters: [any HostFilter]) -> ContiguousArray<FilterStage> {
        ContiguousArray(filters.indices.map { index in
            switch filters[index] {
            case is AliveFilter: .alive
            case is CapacityFilter: .capacity
            case is PCIFilter: .pci
            default: .other(index)
            }
        })
    }

    /// The verdict of this stage's filter for the host at `host`, whose liveness and free
    /// capacity are at `state`.
    @inline(__always)
    func check(_ host: UnsafePointer<HostCandidate>, _ state: UnsafePointer<HostAvailability>, for request: SchedulingRequest,
               filters: [any HostFilter], pci: inout PreparedPCIRequests, scratch: inout SchedulingScratch) -> HostVerdict {
        switch self {
        case .alive:
            return state.pointee.alive && host.pointee.enabled ? .pass : .refuse(.notAliveOrDisabled)
        case .capacity:
            if state.pointee.freeRAMMB < request.ramMB { return .refuse(.insufficientRAM) }
            if state.pointee.freeVCPUs < request.vcpus { return .refuse(.insufficientVCPUs) }
            return .pass
        case .pci:
            guard pci.handlesHostsAlone else {
                return PCIFilter().check(host.pointee.with(state.pointee), for: request, scratch: &scratch)
            }
            return host.pointee.pools.withUnsafeBufferPointer { pci.check($0, scratch: &scratch) }
        case .other(let index):
            return filters[index].check(host.pointee.with(state.pointee), for: request, scratch: &scratch)
        }
    }
}
