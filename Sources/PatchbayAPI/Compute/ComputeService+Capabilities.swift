import PatchbayCore

extension ComputeService {
    /// The features of the NIC behind a device, as the host's agent last reported them.
    func nicFeatures(host: String, address: PCIAddress) async throws -> NICFeatures? {
        let entry = try await repository.read { session in try await self.current(host, in: session) }
        return entry?.inventory.record(at: address)?.device.device.nicFeatures
    }

    /// The distinct NICs a PCI request could land on (its capability requirements aside), each
    /// with how many hosts have one, most common first.
    func candidateNICs(for request: PCIRequest) async throws -> [(features: NICFeatures?, hosts: Int)] {
        var open = request
        for index in open.specs.indices { open.specs[index].requiredCapabilities = [] }
        var hostsByFeatures: [NICFeatures?: Set<String>] = [:]
        for entry in try await refreshedHosts() {
            for pool in entry.inventory.pools {
                let summary = PoolSummary(vendorId: pool.key.vendorId, productId: pool.key.productId, deviceType: pool.key.deviceType,
                                          physicalNetwork: pool.key.physicalNetwork, trusted: pool.key.trusted,
                                          tags: pool.key.tags, free: pool.deviceCount)
                guard open.matches(summary) else { continue }
                let member = pool.key.deviceType == .vf
                    ? entry.inventory.virtualFunctions(of: pool.key.poolAddress).first : pool.key.poolAddress
                let features = member.flatMap { entry.inventory.record(at: $0)?.device.device.nicFeatures }
                hostsByFeatures[features, default: []].insert(entry.host.name)
            }
        }
        return hostsByFeatures.map { (features: $0.key, hosts: $0.value.count) }
            .sorted { $0.hosts != $1.hosts ? $0.hosts > $1.hosts : ($0.features?.driver ?? "") < ($1.features?.driver ?? "") }
    }
}
