import Testing
import PatchbayCore

/// A tiny seedable generator (SplitMix64) so allocation tests are reproducible.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

/// physnet1 has 100–102 and 300 (listed twice), physnet2 has 200; flat only on flat1; VNIs 1000–1002.
private let config = TypeDriverConfig(
    vlanRanges: [VlanRange(physnet: "physnet1", range: 100...102), VlanRange(physnet: "physnet2", range: 200...200),
                 VlanRange(physnet: "physnet1", range: 300...300)],
    flatNetworks: .only(["flat1"]), vniRanges: [1000...1002], projectNetworkTypes: [.vlan, .vxlan])

private let physnet1Full: Set<Int> = [100, 101, 102, 300]
private let allVlansTaken = AllocatedSegments(vlan: ["physnet1": physnet1Full, "physnet2": [200]])
private let noneAvailable = PatchbayError(
    code: "network.no_segment_available", type: "NoNetworkAvailable", category: .unavailable,
    message: "Unable to create the network. No tenant network is available for allocation.")

private func allocate(_ request: ProviderRequest, config: TypeDriverConfig = config,
                      allocated: AllocatedSegments = AllocatedSegments()) throws -> Segment {
    var rng = SplitMix64(state: 42)
    return try SegmentAllocator.allocate(request, config: config, allocated: allocated, using: &rng)
}

private func invalid(_ reason: String) -> PatchbayError { .invalidInput(reason) }  // 400 InvalidInput

@Suite("SegmentAllocator")
struct SegmentAllocatorTests {
    @Test("unsupported network_type", arguments: ["geneve", "", "VLAN", "local"])
    func unknownType_Fails(type: String) {
        #expect(throws: invalid("network_type value '\(type)' not supported")) {
            try allocate(ProviderRequest(networkType: type, physicalNetwork: "physnet1"))
        }
    }

    @Test("provider attributes without a network_type", arguments: [
        ProviderRequest(physicalNetwork: "physnet1"), ProviderRequest(segmentationId: 100),
    ])
    func missingType_Fails(request: ProviderRequest) {
        #expect(throws: invalid("network_type required")) { try allocate(request) }
    }

    @Test("isEmpty only without any attribute", arguments: [
        (ProviderRequest(), true), (ProviderRequest(networkType: "vlan"), false),
        (ProviderRequest(physicalNetwork: "p"), false), (ProviderRequest(segmentationId: 1), false),
    ])
    func requestIsEmpty(request: ProviderRequest, expected: Bool) {
        #expect(request.isEmpty == expected)
    }

    @Test("VLAN validation and conflicts", arguments: [
        (ProviderRequest(.vlan, physicalNetwork: "nope"), AllocatedSegments(),
         invalid("physical_network 'nope' unknown for VLAN provider network")),
        (ProviderRequest(.vlan, physicalNetwork: "nope", segmentationId: 5000), AllocatedSegments(),
         invalid("physical_network 'nope' unknown for VLAN provider network")),
        (ProviderRequest(.vlan, physicalNetwork: "flat1", segmentationId: 5), AllocatedSegments(),
         invalid("physical_network 'flat1' unknown for VLAN provider network")),
        (ProviderRequest(.vlan, segmentationId: 100), AllocatedSegments(),
         invalid("segmentation_id requires physical_network for VLAN provider network")),
        (ProviderRequest(.vlan, physicalNetwork: "physnet1", segmentationId: 0), AllocatedSegments(),
         invalid("segmentation_id out of range (1 through 4094)")),
        (ProviderRequest(.vlan, physicalNetwork: "physnet1", segmentationId: 4095), AllocatedSegments(),
         invalid("segmentation_id out of range (1 through 4094)")),
        (ProviderRequest(.vlan, physicalNetwork: "physnet1", segmentationId: 101),
         AllocatedSegments(vlan: ["physnet1": [101]]),
         PatchbayError(code: "network.vlan_in_use", type: "VlanIdInUse", category: .conflict,
                       message: "Unable to create the network. The VLAN 101 on physical network physnet1 is in use.")),
        (ProviderRequest(.vlan, physicalNetwork: "physnet1", segmentationId: 4000),
         AllocatedSegments(vlan: ["physnet1": [4000]]), .vlanIdInUse(4000, physnet: "physnet1")),
        (ProviderRequest(.vlan, physicalNetwork: "physnet2"), AllocatedSegments(vlan: ["physnet2": [200]]),
         noneAvailable),
        (ProviderRequest(.vlan), allVlansTaken, noneAvailable),
    ])
    func vlan_Fails(request: ProviderRequest, allocated: AllocatedSegments, expected: PatchbayError) {
        #expect(throws: expected) { try allocate(request, allocated: allocated) }
    }

    @Test("fully specified VLANs are granted exactly, even outside the ranges", arguments: [
        ("physnet1", 101), ("physnet1", 1), ("physnet1", 4094), ("physnet2", 4000), ("physnet2", 200),
    ])
    func vlanFullySpecified(physnet: String, vlanId: Int) throws {
        let taken = AllocatedSegments(vlan: ["physnet1": [100], "other": [vlanId]], vxlan: [vlanId])
        let segment = try allocate(ProviderRequest(.vlan, physicalNetwork: physnet, segmentationId: vlanId),
                                   allocated: taken)
        #expect(segment == Segment(networkType: .vlan, physicalNetwork: physnet, segmentationId: vlanId))
    }

    @Test("physnet only: a free id from that physnet's ranges")
    func vlanPhysnetOnly() throws {
        let taken = AllocatedSegments(vlan: ["physnet1": [100, 102, 300]])
        let segment = try allocate(ProviderRequest(.vlan, physicalNetwork: "physnet1"), allocated: taken)
        #expect(segment == Segment(networkType: .vlan, physicalNetwork: "physnet1", segmentationId: 101))
        let second = try allocate(ProviderRequest(.vlan, physicalNetwork: "physnet2"), allocated: taken)
        #expect(second == Segment(networkType: .vlan, physicalNetwork: "physnet2", segmentationId: 200))
    }

    @Test("type only: walks physnets in config order")
    func vlanTypeOnly() throws {
        let first = try allocate(ProviderRequest(.vlan))
        #expect(first.physicalNetwork == "physnet1")
        #expect(physnet1Full.contains(try #require(first.segmentationId)))
        let fallback = try allocate(ProviderRequest(.vlan), allocated: AllocatedSegments(vlan: ["physnet1": physnet1Full]))
        #expect(fallback == Segment(networkType: .vlan, physicalNetwork: "physnet2", segmentationId: 200))
    }

    @Test("configured ids outside 1–4094 are never handed out")
    func vlanRangesClippedToValidIds() throws {
        let wide = TypeDriverConfig(vlanRanges: [VlanRange(physnet: "x", range: -3...2)])
        let ids = try drain(ProviderRequest(.vlan, physicalNetwork: "x"), config: wide)
        #expect(ids == [1, 2])
    }

    @Test("flat validation and conflicts", arguments: [
        (ProviderRequest(.flat), invalid("physical_network required for flat provider network")),
        (ProviderRequest(.flat, segmentationId: 5), invalid("physical_network required for flat provider network")),
        (ProviderRequest(.flat, physicalNetwork: "flat1", segmentationId: 5),
         invalid("segmentation_id specified for flat provider network")),
        (ProviderRequest(.flat, physicalNetwork: "physnet1"),
         invalid("physical_network 'physnet1' unknown for flat provider network")),
        (ProviderRequest(.flat, physicalNetwork: "used"),
         invalid("physical_network 'used' unknown for flat provider network")),
        (ProviderRequest(.flat, physicalNetwork: "flat1"),
         PatchbayError(code: "network.flat_in_use", type: "FlatNetworkInUse", category: .conflict,
                       message: "Unable to create the flat network. Physical network flat1 is in use.")),
    ])
    func flat_Fails(request: ProviderRequest, expected: PatchbayError) {
        #expect(throws: expected) { try allocate(request, allocated: AllocatedSegments(flat: ["flat1", "used"])) }
    }

    @Test("flat networks are granted on allowed, unused physnets")
    func flatGranted() throws {
        let taken = AllocatedSegments(vlan: ["flat1": [1]], flat: ["other"])
        #expect(try allocate(ProviderRequest(.flat, physicalNetwork: "flat1"), allocated: taken)
            == Segment(networkType: .flat, physicalNetwork: "flat1"))
        let anyFlat = TypeDriverConfig(flatNetworks: .any)
        #expect(try allocate(ProviderRequest(.flat, physicalNetwork: "whatever"), config: anyFlat)
            == Segment(networkType: .flat, physicalNetwork: "whatever"))
    }

    @Test("an empty flat_networks list disables flat networks")
    func flatDisabled_Fails() {
        #expect(throws: invalid("physical_network 'flat1' unknown for flat provider network")) {
            try allocate(ProviderRequest(.flat, physicalNetwork: "flat1"), config: TypeDriverConfig(flatNetworks: .only([])))
        }
    }

    @Test("VXLAN validation and conflicts", arguments: [
        (ProviderRequest(.vxlan, physicalNetwork: "physnet1"),
         invalid("provider:physical_network specified for VXLAN network")),
        (ProviderRequest(.vxlan, physicalNetwork: "physnet1", segmentationId: 0),
         invalid("provider:physical_network specified for VXLAN network")),
        (ProviderRequest(.vxlan, segmentationId: 0),
         invalid("segmentation_id out of range (1 through 16777215)")),
        (ProviderRequest(.vxlan, segmentationId: 16_777_216),
         invalid("segmentation_id out of range (1 through 16777215)")),
        (ProviderRequest(.vxlan, segmentationId: 1001),
         PatchbayError(code: "network.tunnel_in_use", type: "TunnelIdInUse", category: .conflict,
                       message: "Unable to create the network. The tunnel ID 1001 is in use.")),
        (ProviderRequest(.vxlan, segmentationId: 7), .tunnelIdInUse(7)),
    ])
    func vxlan_Fails(request: ProviderRequest, expected: PatchbayError) {
        #expect(throws: expected) { try allocate(request, allocated: AllocatedSegments(vxlan: [1001, 7])) }
    }

    @Test("fully specified VNIs are granted exactly, even outside the ranges", arguments: [1, 1000, 16_777_215])
    func vxlanFullySpecified(vni: Int) throws {
        let segment = try allocate(ProviderRequest(.vxlan, segmentationId: vni),
                                   allocated: AllocatedSegments(vlan: ["physnet1": [vni]], vxlan: [vni + 1]))
        #expect(segment == Segment(networkType: .vxlan, segmentationId: vni))
    }

    @Test("no VNI: a free one from the ranges, 503 when none is left")
    func vxlanRandom() throws {
        let segment = try allocate(ProviderRequest(.vxlan), allocated: AllocatedSegments(vxlan: [1000, 1002]))
        #expect(segment == Segment(networkType: .vxlan, segmentationId: 1001))
        #expect(throws: noneAvailable) {
            try allocate(ProviderRequest(.vxlan), allocated: AllocatedSegments(vxlan: [1000, 1001, 1002]))
        }
        #expect(throws: noneAvailable) { try allocate(ProviderRequest(.vxlan), config: TypeDriverConfig()) }
    }

    @Test("project networks try types in order, skip flat and fall through when exhausted", arguments: [
        ([NetworkType.vlan, .vxlan], allVlansTaken, NetworkType?.some(.vxlan)),
        ([.vlan, .vxlan], AllocatedSegments(vlan: ["physnet1": physnet1Full]), .vlan),
        ([.vlan, .vxlan], AllocatedSegments(), .vlan),
        ([.vxlan, .vlan], AllocatedSegments(), .vxlan),
        ([.vxlan, .vlan], AllocatedSegments(vxlan: [1000, 1001, 1002]), .vlan),
        ([.flat, .vxlan], AllocatedSegments(), .vxlan),
        ([.flat], AllocatedSegments(), nil),
        ([], AllocatedSegments(), nil),
        ([.vlan, .vxlan], AllocatedSegments(vlan: allVlansTaken.vlan, vxlan: [1000, 1001, 1002]), nil),
    ])
    func projectNetwork(types: [NetworkType], allocated: AllocatedSegments, expected: NetworkType?) throws {
        var projectConfig = config
        projectConfig.projectNetworkTypes = types
        projectConfig.flatNetworks = .any
        guard let expected else {
            #expect(throws: noneAvailable) { try allocate(ProviderRequest(), config: projectConfig, allocated: allocated) }
            return
        }
        let segment = try allocate(ProviderRequest(), config: projectConfig, allocated: allocated)
        #expect(segment.networkType == expected)
        #expect(!allocated.contains(segment))
        #expect(noneAvailable.category.httpStatus == 503)
    }

    @Test("draining a pool yields every id once, merging overlapping ranges, then 503")
    func exhaustion() throws {
        let overlapping = TypeDriverConfig(vlanRanges: [VlanRange(physnet: "p", range: 100...105),
                                                        VlanRange(physnet: "p", range: 103...110),
                                                        VlanRange(physnet: "p", range: 112...112)])
        #expect(try drain(ProviderRequest(.vlan, physicalNetwork: "p"), config: overlapping)
            == Array(100...110) + [112])
        let vnis = TypeDriverConfig(vniRanges: [5...9, 1...3, 7...8])
        #expect(try drain(ProviderRequest(.vxlan), config: vnis) == [1, 2, 3, 5, 6, 7, 8, 9])
    }

    @Test("choices are uniform over the free ids only")
    func uniformOverFreeIds() throws {
        let pool = TypeDriverConfig(vniRanges: [1...5, 8...12, 3...4, 10...11])
        let taken = AllocatedSegments(vxlan: [2, 5, 9, 12, 6, 100])
        var rng = SplitMix64(state: 7)
        var counts: [Int: Int] = [:]
        for _ in 0..<6000 {
            let segment = try SegmentAllocator.allocate(ProviderRequest(.vxlan), config: pool, allocated: taken, using: &rng)
            counts[try #require(segment.segmentationId), default: 0] += 1
        }
        #expect(Set(counts.keys) == [1, 3, 4, 8, 10, 11])
        for (vni, count) in counts {
            #expect((850...1150).contains(count), "VNI \(vni) drawn \(count) times of 6000")
        }
    }

    @Test("the same seed gives the same choices; another seed differs")
    func deterministicWithSeed() throws {
        func draws(seed: UInt64) throws -> [Int?] {
            let pool = TypeDriverConfig(vniRanges: [1...16_777_215])
            var rng = SplitMix64(state: seed)
            return try (0..<10).map { _ in
                try SegmentAllocator.allocate(ProviderRequest(.vxlan), config: pool, allocated: AllocatedSegments(),
                                              using: &rng).segmentationId
            }
        }
        let first = try draws(seed: 1)
        #expect(try draws(seed: 1) == first && draws(seed: 2) != first)
        #expect(Set(first).count == 10)
    }

    @Test("huge VNI ranges with many allocations are not enumerated")
    func hugeRange() throws {
        let taken = Set(1...200_000)
        let segment = try allocate(ProviderRequest(.vxlan), config: TypeDriverConfig(vniRanges: [1...16_777_215]),
                                   allocated: AllocatedSegments(vxlan: taken))
        #expect(try #require(segment.segmentationId) > 200_000)
        let nearlyFull = TypeDriverConfig(vniRanges: [1...200_001])
        #expect(try allocate(ProviderRequest(.vxlan), config: nearlyFull, allocated: AllocatedSegments(vxlan: taken))
            == Segment(networkType: .vxlan, segmentationId: 200_001))
    }

    @Test("AllocatedSegments records, reports and releases segments")
    func allocatedSegmentsBookkeeping() {
        let (vlan, vxlan, flat) = (Segment(networkType: .vlan, physicalNetwork: "p", segmentationId: 10),
                                   Segment(networkType: .vxlan, segmentationId: 10), Segment(networkType: .flat, physicalNetwork: "f"))
        var allocated = AllocatedSegments(segments: [vlan, vxlan, flat, Segment(networkType: .vlan)])
        #expect(allocated == AllocatedSegments(vlan: ["p": [10]], vxlan: [10], flat: ["f"]))
        #expect([vlan, vxlan, flat].allSatisfy(allocated.contains))
        #expect(!allocated.contains(Segment(networkType: .vlan, physicalNetwork: "q", segmentationId: 10))
            && !allocated.contains(Segment(networkType: .vlan, physicalNetwork: "p")))
        for segment in [vlan, vxlan, flat] { allocated.remove(segment) }
        #expect(allocated == AllocatedSegments())
    }
}

/// Allocates repeatedly from a pool, recording each result, until it reports 503; returns the ids sorted.
private func drain(_ request: ProviderRequest, config: TypeDriverConfig) throws -> [Int] {
    var allocated = AllocatedSegments(), ids: [Int] = []
    var rng = SplitMix64(state: 99)
    while ids.count < 100 {
        do {
            let segment = try SegmentAllocator.allocate(request, config: config, allocated: allocated, using: &rng)
            #expect(!allocated.contains(segment))
            allocated.insert(segment)
            ids.append(try #require(segment.segmentationId))
        } catch let error as PatchbayError {
            #expect(error == noneAvailable)
            break
        }
    }
    return ids.sorted()
}
