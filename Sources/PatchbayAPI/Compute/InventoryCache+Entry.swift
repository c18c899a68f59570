import PatchbayCore

extension InventoryCache {
    /// One host as cached: its row and inventory, with what the scheduler reads of them kept
    /// alongside, so a placement among many hosts neither counts every host's devices again
    /// nor builds every host's candidate again.
    struct Entry: Sendable {
        var host: ComputeHost { didSet { candidate = Self.candidate(host, poolSummaries) } }
        var inventory: HostInventory {
            didSet {
                (poolKeys, poolSummaries) = Self.summaries(of: inventory)
                candidate = Self.candidate(host, poolSummaries)
            }
        }
        /// The inventory's pools in key order, and their summaries in the same order.
        private(set) var poolKeys: [PoolKey]
        private(set) var poolSummaries: [PoolSummary]
        /// The host as the scheduler sees it with nothing claimed and its agent alive; each
        /// pass supplies the real liveness and free capacity (``HostAvailability``).
        private(set) var candidate: HostCandidate

        init(host: ComputeHost, inventory: HostInventory) {
            self.host = host
            self.inventory = inventory
            (poolKeys, poolSummaries) = Self.summaries(of: inventory)
            candidate = Self.candidate(host, poolSummaries)
        }

        private static func candidate(_ host: ComputeHost, _ pools: [PoolSummary]) -> HostCandidate {
            HostCandidate(name: host.name, enabled: host.enabled, totalRAMMB: host.memoryMB, totalVCPUs: host.vcpus,
                          numaCells: host.numaCells, pools: pools)
        }

        private static func summaries(of inventory: HostInventory) -> ([PoolKey], [PoolSummary]) {
            let pools = inventory.pools
            return (pools.map(\.key), pools.map { pool in
                PoolSummary(vendorId: pool.key.vendorId, productId: pool.key.productId, deviceType: pool.key.deviceType,
                            numaNode: pool.key.numaNode, physicalNetwork: pool.key.physicalNetwork, trusted: pool.key.trusted,
                            tags: pool.key.tags, address: pool.key.poolAddress, free: pool.freeCount,
                            nicCapabilities: pool.key.nicCapabilities)
            })
        }
    }

    /// Every cached host in name order as the scheduler reads it: the candidates, each one's
    /// entry (for its pool keys) and when its agent was last heard from, with each name's index.
    struct Listing: Sendable {
        var entries: [Entry] = []
        var candidates: [HostCandidate] = []
        var lastSeen: [Int64] = []
        var position: [String: Int] = [:]
    }
}
