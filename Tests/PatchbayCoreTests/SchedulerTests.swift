@testable import PatchbayCore
import Testing

/// Builders shared by the scheduling tests.
enum SchedFixture {
    static let pf1 = PCIAddress("0000:81:00.0")!
    static let pf2 = PCIAddress("0000:82:00.0")!

    static func vfPool(_ physnet: String?, free: Int, node: Int? = 0, trusted: Bool = false,
                       address: PCIAddress? = pf1) -> PoolSummary {
        PoolSummary(vendorId: "8086", productId: "154c", deviceType: .vf, numaNode: node, physicalNetwork: physnet,
                    trusted: trusted, address: address, free: free)
    }

    static func pfPool(_ physnet: String?, free: Int = 1, node: Int? = 0, address: PCIAddress? = pf1) -> PoolSummary {
        PoolSummary(vendorId: "8086", productId: "1572", deviceType: .pf, numaNode: node, physicalNetwork: physnet,
                    address: address, free: free)
    }

    static func host(_ name: String, ram: Int = 65536, vcpus: Int = 32, alive: Bool = true, enabled: Bool = true,
                     cells: [NUMACell] = [NUMACell(id: 0, socket: 0), NUMACell(id: 1, socket: 1)],
                     pools: [PoolSummary] = []) -> HostCandidate {
        HostCandidate(name: name, alive: alive, enabled: enabled, totalRAMMB: 131072, freeRAMMB: ram,
                      totalVCPUs: 64, freeVCPUs: vcpus, numaCells: cells, pools: pools)
    }

    static func vf(_ physnet: String?, count: Int = 1, trusted: Bool = false, policy: NUMAPolicy? = nil,
                   port: String = "p") -> PCIRequest {
        PCIRequest(count: count, specs: [.init(deviceType: .vf, physicalNetwork: physnet.map { .named($0) } ?? .untagged,
                                               trustedRequired: trusted)], numaPolicy: policy, source: .port(port))
    }

    static func pf(_ physnet: String) -> PCIRequest {
        PCIRequest(count: 1, specs: [.init(deviceType: .pf, physicalNetwork: .named(physnet))], source: .port("pp"))
    }

    static func request(ram: Int = 2048, vcpus: Int = 2, _ pci: [PCIRequest] = [], numa: [Int] = []) -> SchedulingRequest {
        SchedulingRequest(ramMB: ram, vcpus: vcpus, pciRequests: pci, instanceNUMANodes: numa)
    }

    static func verdict(_ filter: some HostFilter, _ host: HostCandidate, _ request: SchedulingRequest) -> HostVerdict {
        var scratch = SchedulingScratch()
        return filter.check(host, for: request, scratch: &scratch)
    }
}

@Suite struct SchedulerTests {
    typealias F = SchedFixture

    static let fleet: [HostCandidate] = [
        F.host("b-mid", ram: 32768, pools: [F.vfPool("physnet1", free: 8)]),
        F.host("a-full", ram: 4096, pools: [F.vfPool("physnet1", free: 8)]),
        F.host("c-empty", ram: 120000, pools: [F.vfPool("physnet1", free: 8)]),
        F.host("d-fewvf", ram: 120000, pools: [F.vfPool("physnet1", free: 2)]),
        F.host("e-twin", ram: 32768, pools: [F.vfPool("physnet1", free: 8)]),
    ]

    @Test(arguments: [
        (HostWeigher.pack, ["d-fewvf", "a-full", "b-mid", "e-twin", "c-empty"]),
        (HostWeigher.spread, ["c-empty", "b-mid", "e-twin", "a-full", "d-fewvf"]),
    ])
    func weigherOrdersCandidates(_ weigher: HostWeigher, _ expected: [String]) throws {
        let scheduler = Scheduler(weigher: weigher, maxCandidates: 10)
        let placements = try scheduler.select(F.request([F.vf("physnet1")]), from: Self.fleet).get()
        #expect(placements.map(\.host) == expected)
    }

    @Test func withoutPCIPackOrdersByFreeRAM() throws {
        let placements = try Scheduler(weigher: .pack, maxCandidates: 3).select(F.request(), from: Self.fleet).get()
        #expect(placements.map(\.host) == ["a-full", "b-mid", "e-twin"])
    }

    @Test func maxCandidatesLimitsTheRanking() throws {
        let placements = try Scheduler(weigher: .spread, maxCandidates: 2).select(F.request([F.vf("physnet1")]), from: Self.fleet).get()
        #expect(placements.map(\.host) == ["c-empty", "b-mid"])
    }

    @Test func placementNamesPoolsAndCounts() throws {
        let host = F.host("h", pools: [F.vfPool("physnet2", free: 4, address: F.pf2),
                                       F.vfPool("physnet1", free: 1), F.vfPool("physnet1", free: 3, address: F.pf2)])
        let request = F.request([F.vf("physnet1", count: 3, port: "a"), F.vf("physnet2", port: "b")])
        let placement = try #require(try Scheduler().select(request, from: [host]).get().first)
        #expect(placement.takes(forRequest: 0) == [PoolTake(requestIndex: 0, poolIndex: 1, poolAddress: F.pf1, count: 1),
                                                   PoolTake(requestIndex: 0, poolIndex: 2, poolAddress: F.pf2, count: 2)])
        #expect(placement.takes(forRequest: 1) == [PoolTake(requestIndex: 1, poolIndex: 0, poolAddress: F.pf2, count: 1)])
    }

    @Test func mixedFleetRefusalIsExplained() {
        var hosts: [HostCandidate] = [
            F.host("down", alive: false, pools: [F.vfPool("physnet2", free: 4)]),
            F.host("disabled", enabled: false),
            F.host("small", ram: 1024, pools: [F.vfPool("physnet2", free: 4)]),
            F.host("busy", vcpus: 1, pools: [F.vfPool("physnet2", free: 4)]),
            F.host("pf-taken", pools: [F.vfPool("physnet2", free: 4), F.pfPool("physnet1")]),
            F.host("remote", pools: [F.vfPool("physnet2", free: 4, node: 1, address: F.pf2), F.pfPool("physnet1")]),
        ]
        for index in 0..<4 { hosts.append(F.host("wrong-\(index)", pools: [F.vfPool("physnet1", free: 64)])) }
        let request = F.request([F.pf("physnet1"), F.vf("physnet2", policy: .required)], numa: [0])
        guard case .failure(let noValidHost) = Scheduler().select(request, from: hosts) else {
            Issue.record("a host was found")
            return
        }
        #expect(noValidHost.message == "No valid host: 10 hosts; not alive or disabled 2; RAM removed 1; VCPU removed 1; "
            + "PCI removed 5 (no free PF on physnet1 in 4, no free VF on physnet2 in 0, PF/VF conflict in 1); NUMA removed 1")
        #expect(noValidHost.pciRemoved == 5)
        #expect(noValidHost.patchbayError.type == "NoValidHost")
        #expect(noValidHost.patchbayError.code == "scheduler.no_valid_host")
        #expect(noValidHost.patchbayError.category.httpStatus == 500)
    }

    @Test func sameDescriptionRequestsShareACount() {
        let hosts = [F.host("h", pools: [F.vfPool("physnet2", free: 1)])]
        let request = F.request([F.vf("physnet2", port: "a"), F.vf("physnet2", port: "b")])
        guard case .failure(let noValidHost) = Scheduler().select(request, from: hosts) else {
            Issue.record("two VFs fitted into one")
            return
        }
        #expect(noValidHost.message.hasSuffix("PCI removed 1 (no free VF on physnet2 in 1, PF/VF conflict in 0); NUMA removed 0"))
    }

    @Test func emptyFleetIsExplained() {
        guard case .failure(let noValidHost) = Scheduler().select(F.request(), from: []) else {
            Issue.record("placement without hosts")
            return
        }
        #expect(noValidHost.message == "No valid host: 0 hosts; not alive or disabled 0; RAM removed 0; VCPU removed 0; PCI removed 0; NUMA removed 0")
    }

    @Test func largeFleetPicksTheOnlyHostWithFreeVFs() throws {
        var hosts: [HostCandidate] = []
        for index in 0..<1000 {
            let free = index == 777 ? 1 : 0
            hosts.append(F.host(String(index), pools: [F.vfPool("physnet1", free: free), F.vfPool("physnet1", free: 0, address: F.pf2)]))
        }
        let placements = try Scheduler().select(F.request([F.vf("physnet1")]), from: hosts).get()
        #expect(placements.map(\.host) == ["777"])
        let refusal = Scheduler().select(F.request([F.vf("physnet2")]), from: hosts)
        #expect(throws: NoValidHost.self) { try refusal.get() }
    }
}
