/// One stage of the scheduler's filter pipeline: it passes a host or refuses it with a reason.
///
/// Filters run in order and the first refusal removes the host, so every refused host is
/// counted once, under the filter that removed it, in the `NoValidHost` explanation.
public protocol HostFilter: Sendable {
    /// Whether `host` can take `request`. `scratch` is reusable working memory owned by the
    /// scheduler's loop, so filters allocate nothing per host.
    func check(_ host: HostCandidate, for request: SchedulingRequest, scratch: inout SchedulingScratch) -> HostVerdict
}

/// A filter's answer for one host.
public enum HostVerdict: Sendable, Hashable {
    /// The host stays a candidate.
    case pass
    /// The host is removed, for this reason.
    case refuse(HostRefusal)
}

/// Why a filter removed a host.
public enum HostRefusal: Sendable, Hashable {
    /// The host is down or disabled.
    case notAliveOrDisabled
    /// Not enough free RAM.
    case insufficientRAM
    /// Not enough free VCPUs.
    case insufficientVCPUs
    /// PCI request `requestIndex` found too few free matching devices.
    case noFreeDevice(requestIndex: Int)
    /// PCI request `requestIndex` was short only because another request of the same server
    /// took the PF (or a VF) of the card it needed.
    case pfVfConflict(requestIndex: Int)
    /// The PCI requests fit the host, but not under their NUMA policies.
    case numa(requestIndex: Int)
}

/// Working memory reused across hosts by the scheduler's loop (counted pool copies and takes).
public struct SchedulingScratch: Sendable {
    /// Free devices per pool of the host being checked, as requests consume them.
    var free: [Int] = []
    /// Devices per pool withheld because a sibling PF or VF was taken by this same server.
    var withheld: [Int] = []
    /// The pool takes of the last successful PCI fit, when `recordsTakes` is set.
    var takes: [PoolTake] = []
    /// Whether the PCI filter records its takes (only for the final, ranked candidates).
    var recordsTakes = false
    /// Free devices on the last checked host that match any of the request's PCI specs.
    public internal(set) var matchingFreeDevices = 0

    /// Creates empty scratch memory.
    public init() {}

    /// Loads the pools of a host, keeping the buffers' capacity.
    mutating func load(_ pools: [PoolSummary]) {
        if !takes.isEmpty { takes.removeAll(keepingCapacity: true) }
        if free.count == pools.count {
            for index in pools.indices {
                free[index] = max(0, pools[index].free)
                withheld[index] = 0
            }
            return
        }
        free.removeAll(keepingCapacity: true)
        withheld.removeAll(keepingCapacity: true)
        for pool in pools {
            free.append(max(0, pool.free))
            withheld.append(0)
        }
    }
}
