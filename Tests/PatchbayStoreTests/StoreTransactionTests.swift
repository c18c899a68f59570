import PatchbayCore
import PatchbayStore
import Testing

/// `write` sessions are all-or-nothing, and constraint failures surface as Neutron conflicts.
@Suite("Store transactions and constraint mapping")
struct StoreTransactionTests {
    /// Expects `body` to throw a `PatchbayError` of `type` (409) whose message contains `fragment`.
    static func expectConflict(_ type: String, mentioning fragment: String,
                               sourceLocation: SourceLocation = #_sourceLocation,
                               _ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("expected \(type), but the write succeeded", sourceLocation: sourceLocation)
        } catch let error as PatchbayError {
            #expect(error.type == type, sourceLocation: sourceLocation)
            #expect(error.category == .conflict, sourceLocation: sourceLocation)
            #expect(error.category.httpStatus == 409, sourceLocation: sourceLocation)
            #expect(error.message.contains(fragment), "message: \(error.message)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("expected PatchbayError \(type), got \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test("a write that throws rolls back its network, subnet, port, IP allocation and segment")
    func thrownWriteRollsBack_Fails() async throws {
        try await StoreTestSupport.withStore { _, repository in
            let network = StoreTestSupport.network()
            let subnet = StoreTestSupport.subnet(network: network.id)
            let port = StoreTestSupport.port(network: network.id, fixedIps: [FixedIP(subnetId: subnet.id, ipAddress: "10.0.0.5")])
            await #expect(throws: DeliberateFailure.self) {
                try await repository.write { session in
                    try await session.insert(network)
                    try await session.insert(subnet)
                    try await session.insert(port)
                    // Read inside the transaction so the decode caches hold the doomed rows.
                    #expect(try await session.port(port.id) == port)
                    #expect(try await session.allocatedSegments().vlan == ["physnet1": [150]])
                    throw DeliberateFailure()
                }
            }
            try await repository.read { session async throws in
                #expect(try await session.network(network.id) == nil)
                #expect(try await session.subnet(subnet.id) == nil)
                #expect(try await session.port(port.id) == nil)
                #expect(try await session.networks(.all).isEmpty)
                #expect(try await session.ports(.all).isEmpty)
                #expect(try await session.allocatedAddresses(subnet: subnet.id).isEmpty)
                #expect(try await session.allocatedSegments() == AllocatedSegments())
            }
            // The released segment, MAC and address can be claimed again.
            try await repository.write { session in
                try await session.insert(network)
                try await session.insert(subnet)
                try await session.insert(port)
            }
            #expect(try await repository.read { try await $0.allocatedAddresses(subnet: subnet.id) } == ["10.0.0.5"])
        }
    }

    @Test("a write that throws after an update and deletes keeps the previous rows and segment")
    func thrownUpdateRollsBack_Fails() async throws {
        try await StoreTestSupport.withStore { _, repository in
            let network = StoreTestSupport.network()
            let port = StoreTestSupport.port(network: network.id, name: "before")
            try await repository.write { session in
                try await session.insert(network)
                try await session.insert(port)
            }
            var renamed = port
            renamed.name = "after"
            renamed.audit = port.audit.bumped(at: 1_700_000_100)
            await #expect(throws: DeliberateFailure.self) {
                try await repository.write { session in
                    try await session.update(renamed)
                    #expect(try await session.port(port.id)?.name == "after")
                    try await session.deletePort(port.id)
                    try await session.deleteNetwork(network.id)
                    #expect(try await session.allocatedSegments() == AllocatedSegments())
                    throw DeliberateFailure()
                }
            }
            let (stored, storedNetwork) = try await repository.read { (try await $0.port(port.id), try await $0.network(network.id)) }
            #expect(stored == port)
            #expect(storedNetwork == network)
            #expect(try await repository.read { try await $0.allocatedSegments() }.vlan == ["physnet1": [150]])
        }
    }

    @Test("a second port with the same MAC on the same network is MacAddressInUse")
    func duplicateMac_Fails() async throws {
        try await StoreTestSupport.withStore { _, repository in
            let network = StoreTestSupport.network()
            let other = StoreTestSupport.network(Segment(networkType: .vxlan, segmentationId: 1001))
            let first = StoreTestSupport.port(network: network.id, mac: "fa:16:3e:00:00:01")
            try await repository.write { session in
                try await session.insert(network)
                try await session.insert(other)
                try await session.insert(first)
            }
            let clash = StoreTestSupport.port(network: network.id, mac: "fa:16:3e:00:00:01")
            await Self.expectConflict("MacAddressInUse", mentioning: "fa:16:3e:00:00:01") {
                try await repository.write { try await $0.insert(clash) }
            }
            // Updating another port onto the taken MAC is the same conflict.
            let second = StoreTestSupport.port(network: network.id, mac: "fa:16:3e:00:00:02")
            try await repository.write { try await $0.insert(second) }
            var moved = second
            moved.macAddress = "fa:16:3e:00:00:01"
            await Self.expectConflict("MacAddressInUse", mentioning: network.id) {
                try await repository.write { try await $0.update(moved) }
            }
            // The same MAC on another network is fine.
            try await repository.write { try await $0.insert(StoreTestSupport.port(network: other.id, mac: "fa:16:3e:00:00:01")) }
            let inUse = try await repository.read { try await $0.macInUse(network: network.id, mac: "fa:16:3e:00:00:01") }
            #expect(inUse)
            #expect(try await repository.read { try await $0.port(clash.id) } == nil)
        }
    }

    @Test("the same address in the same subnet for two ports is IpAddressAlreadyAllocated")
    func duplicateAddress_Fails() async throws {
        try await StoreTestSupport.withStore { _, repository in
            let network = StoreTestSupport.network()
            let subnet = StoreTestSupport.subnet(network: network.id)
            let address = [FixedIP(subnetId: subnet.id, ipAddress: "10.0.0.7")]
            try await repository.write { session in
                try await session.insert(network)
                try await session.insert(subnet)
                try await session.insert(StoreTestSupport.port(network: network.id, fixedIps: address))
            }
            let clash = StoreTestSupport.port(network: network.id, fixedIps: address)
            await Self.expectConflict("IpAddressAlreadyAllocated", mentioning: clash.id) {
                try await repository.write { try await $0.insert(clash) }
            }
            #expect(try await repository.read { try await $0.port(clash.id) } == nil)
            #expect(try await repository.read { try await $0.allocatedAddresses(subnet: subnet.id) } == ["10.0.0.7"])
        }
    }

    @Test("a network whose segment is already allocated is SegmentInUse", arguments: [
        Segment(networkType: .vlan, physicalNetwork: "physnet1", segmentationId: 150),
        Segment(networkType: .vxlan, segmentationId: 1500),
        Segment(networkType: .flat, physicalNetwork: "physnet2"),
    ])
    func duplicateSegment_Fails(segment: Segment) async throws {
        try await StoreTestSupport.withStore { _, repository in
            try await repository.write { try await $0.insert(StoreTestSupport.network(segment)) }
            let clash = StoreTestSupport.network(segment)
            await Self.expectConflict("SegmentInUse", mentioning: "retry") {
                try await repository.write { try await $0.insert(clash) }
            }
            let networks = try await repository.read { try await $0.networks(.all) }
            #expect(networks.count == 1)
            #expect(!networks.contains { $0.id == clash.id })
        }
    }

    @Test("a duplicate primary key that no mapper names is a generic retryable Conflict")
    func duplicatePortId_Fails() async throws {
        try await StoreTestSupport.withStore { _, repository in
            let network = StoreTestSupport.network()
            let port = StoreTestSupport.port(network: network.id)
            try await repository.write { session in
                try await session.insert(network)
                try await session.insert(port)
            }
            let twin = StoreTestSupport.port(network: network.id, id: port.id)
            await Self.expectConflict("Conflict", mentioning: "retry") {
                try await repository.write { try await $0.insert(twin) }
            }
            #expect(try await repository.read { try await $0.port(port.id) } == port)
        }
    }
}
