import PatchbayCore
import PatchbayStore
import Testing

/// Reads never return stale decodes, segment bookkeeping follows the rows, and concurrent writers
/// are serialised without losing a commit.
@Suite("Store cache, segment bookkeeping and concurrency")
struct StoreCacheAndConcurrencyTests {
    @Test("a port read after update or delete reflects the database, by id and in lists")
    func cacheNeverStale() async throws {
        try await StoreTestSupport.withStore { _, repository in
            let network = StoreTestSupport.network()
            let port = StoreTestSupport.port(network: network.id, name: "v1", host: "compute1")
            try await repository.write { session in
                try await session.insert(network)
                try await session.insert(port)
            }
            // Warm the cache twice: once by id, once through every list that decodes ports.
            #expect(try await repository.read { try await $0.port(port.id) }?.name == "v1")
            #expect(try await repository.read { try await $0.ports(.all) }.map(\.name) == ["v1"])

            for revision in 2...4 {
                var next = try #require(try await repository.read { try await $0.port(port.id) })
                next.name = "v\(revision)"
                next.binding.hostId = "compute\(revision)"
                next.audit = next.audit.bumped(at: 1_700_000_000 + Int64(revision))
                try await repository.write { try await $0.update(next) }
                let (byId, listed, byNetwork, byHost, byProject) = try await repository.read { session in
                    (try await session.port(port.id), try await session.ports(.all), try await session.ports(network: network.id),
                     try await session.ports(host: "compute\(revision)"), try await session.ports(.project("p1")))
                }
                #expect(byId == next)
                #expect(byId?.audit.revisionNumber == revision)
                #expect(listed == [next])
                #expect(byNetwork == [next])
                #expect(byHost == [next])
                #expect(byProject == [next])
                #expect(try await repository.read { try await $0.ports(host: "compute\(revision - 1)") }.isEmpty)
            }

            try await repository.write { try await $0.deletePort(port.id) }
            let (gone, remaining) = try await repository.read { (try await $0.port(port.id), try await $0.ports(.all)) }
            #expect(gone == nil)
            #expect(remaining.isEmpty)
        }
    }

    @Test("two repositories over one store never serve each other's stale network decodes")
    func separateCachesStayFresh() async throws {
        try await StoreTestSupport.withStore { store, writer in
            let reader = SQLNetworkRepository(store: store)
            var network = StoreTestSupport.network()
            try await writer.write { try await $0.insert(network) }
            #expect(try await reader.read { try await $0.network(network.id) }?.name == network.name)
            network.name = "renamed"
            network.shared = true
            try await writer.write { try await $0.update(network) }
            #expect(try await reader.read { try await $0.network(network.id) } == network)
            #expect(try await reader.read { try await $0.networks(.project("someone-else")) } == [network])
            try await writer.write { try await $0.deleteNetwork(network.id) }
            #expect(try await reader.read { try await $0.network(network.id) } == nil)
        }
    }

    @Test("allocatedSegments follows network inserts and deletes for every type")
    func allocatedSegmentsTracksRows() async throws {
        try await StoreTestSupport.withStore { _, repository in
            let vlanA = StoreTestSupport.network(Segment(networkType: .vlan, physicalNetwork: "physnet1", segmentationId: 100))
            let vlanB = StoreTestSupport.network(Segment(networkType: .vlan, physicalNetwork: "physnet2", segmentationId: 100))
            let vxlan = StoreTestSupport.network(Segment(networkType: .vxlan, segmentationId: 1999))
            let flat = StoreTestSupport.network(Segment(networkType: .flat, physicalNetwork: "physnet3"))
            #expect(try await repository.read { try await $0.allocatedSegments() } == AllocatedSegments())
            try await repository.write { session in
                for network in [vlanA, vlanB, vxlan, flat] { try await session.insert(network) }
            }
            let all = try await repository.read { try await $0.allocatedSegments() }
            #expect(all == AllocatedSegments(vlan: ["physnet1": [100], "physnet2": [100]], vxlan: [1999], flat: ["physnet3"]))

            try await repository.write { session in
                try await session.deleteNetwork(vlanA.id)
                try await session.deleteNetwork(flat.id)
            }
            let after = try await repository.read { try await $0.allocatedSegments() }
            #expect(after == AllocatedSegments(vlan: ["physnet2": [100]], vxlan: [1999]))

            // The freed VLAN can be taken by a new network; the still-used VNI cannot.
            try await repository.write {
                try await $0.insert(StoreTestSupport.network(Segment(networkType: .vlan, physicalNetwork: "physnet1", segmentationId: 100)))
            }
            await #expect(throws: PatchbayError.self) {
                try await repository.write { try await $0.insert(StoreTestSupport.network(Segment(networkType: .vxlan, segmentationId: 1999))) }
            }
            #expect(try await repository.read { try await $0.allocatedSegments() }.vlan == ["physnet1": [100], "physnet2": [100]])
        }
    }

    @Test("20 concurrent writers each read-then-insert a port; all commit and none interleave")
    func concurrentWritersSerialised() async throws {
        try await StoreTestSupport.withStore { _, repository in
            let network = StoreTestSupport.network()
            try await repository.write { try await $0.insert(network) }
            let writers = 20
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<writers {
                    let mac = "fa:16:3e:00:01:" + (index < 16 ? "0" : "") + String(index, radix: 16)
                    group.addTask {
                        try await repository.write { session in
                            // A lost update would show up as two ports with the same sequence name.
                            let seen = try await session.ports(network: network.id).count
                            await Task.yield()
                            try await session.insert(StoreTestSupport.port(network: network.id, mac: mac, name: "seq-\(seen)"))
                        }
                    }
                    group.addTask {
                        _ = try await repository.read { try await $0.ports(.all) }
                    }
                }
                try await group.waitForAll()
            }
            let ports = try await repository.read { try await $0.ports(network: network.id) }
            #expect(ports.count == writers)
            #expect(Set(ports.map(\.name)) == Set((0..<writers).map { "seq-\($0)" }))
            #expect(Set(ports.map(\.macAddress)).count == writers)
        }
    }
}
