/// What one server needs from a host: flavor RAM and VCPUs, its PCI requests and, when the
/// guest has a NUMA topology, the host NUMA nodes its cells are fitted to.
public struct SchedulingRequest: Sendable, Hashable {
    /// Flavor RAM in MB.
    public var ramMB: Int
    /// Flavor VCPUs.
    public var vcpus: Int
    /// The PCI requests (ports first, then flavor aliases); all must be satisfied at once.
    public var pciRequests: [PCIRequest]
    /// The host NUMA node ids the guest's cells occupy; empty when the guest has no NUMA
    /// topology, in which case no PCI NUMA policy applies (as in Nova).
    public var instanceNUMANodes: [Int]

    /// Creates a request.
    public init(ramMB: Int, vcpus: Int, pciRequests: [PCIRequest] = [], instanceNUMANodes: [Int] = []) {
        self.ramMB = ramMB
        self.vcpus = vcpus
        self.pciRequests = pciRequests
        self.instanceNUMANodes = instanceNUMANodes
    }

    /// True when the guest has a NUMA topology, so PCI NUMA policies apply.
    public var hasNUMATopology: Bool { !instanceNUMANodes.isEmpty }
}
