/// A compute host as the scheduler sees it: capacity, NUMA layout, liveness and admin state.
/// Its PCI devices live in the host's `HostInventory`.
public struct ComputeHost: Sendable, Codable, Hashable, Identifiable {
    /// Host name (the hypervisor hostname, and `binding:host_id` of its ports).
    public var name: String
    /// Physical CPUs offered to guests.
    public var vcpus: Int
    /// Memory offered to guests, in MB.
    public var memoryMB: Int
    /// NUMA cells with their socket.
    public var numaCells: [NUMACell]
    /// Operator switch: disabled hosts get no new servers.
    public var enabled: Bool
    /// The last inventory report (Unix seconds).
    public var reportedAt: Int64

    /// The name as the identity.
    public var id: String { name }

    /// Creates a host.
    public init(name: String, vcpus: Int, memoryMB: Int, numaCells: [NUMACell] = [], enabled: Bool = true, reportedAt: Int64) {
        self.name = name
        self.vcpus = vcpus
        self.memoryMB = memoryMB
        self.numaCells = numaCells
        self.enabled = enabled
        self.reportedAt = reportedAt
    }
}
