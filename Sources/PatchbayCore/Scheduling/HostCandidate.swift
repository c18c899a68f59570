/// A compute host summarised for one scheduling decision: liveness, capacity, NUMA cells and
/// its counted PCI pools.
public struct HostCandidate: Sendable, Hashable, Codable {
    /// The hypervisor host name; also the deterministic tie-breaker between equal hosts.
    public var name: String
    /// True when the host's agent reported recently.
    public var alive: Bool
    /// False when an operator disabled the host.
    public var enabled: Bool
    /// Total RAM in MB.
    public var totalRAMMB: Int
    /// Unclaimed RAM in MB.
    public var freeRAMMB: Int
    /// Total VCPUs.
    public var totalVCPUs: Int
    /// Unclaimed VCPUs.
    public var freeVCPUs: Int
    /// The host's NUMA cells with their sockets; empty when the host reports no topology.
    public var numaCells: [NUMACell]
    /// The host's counted PCI pools.
    public var pools: [PoolSummary]

    /// Creates a candidate; free capacity defaults to the totals.
    public init(name: String, alive: Bool = true, enabled: Bool = true, totalRAMMB: Int, freeRAMMB: Int? = nil,
                totalVCPUs: Int, freeVCPUs: Int? = nil, numaCells: [NUMACell] = [], pools: [PoolSummary] = []) {
        self.name = name
        self.alive = alive
        self.enabled = enabled
        self.totalRAMMB = totalRAMMB
        self.freeRAMMB = freeRAMMB ?? totalRAMMB
        self.totalVCPUs = totalVCPUs
        self.freeVCPUs = freeVCPUs ?? totalVCPUs
        self.numaCells = numaCells
        self.pools = pools
    }

    /// The socket of NUMA node `node`, or nil when the node is unknown or has no socket.
    func socket(ofNode node: Int) -> Int? {
        for cell in numaCells where cell.id == node { return cell.socket }
        return nil
    }
}
