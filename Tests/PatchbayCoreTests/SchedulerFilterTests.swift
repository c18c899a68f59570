@testable import PatchbayCore
import Testing

@Suite struct SchedulerFilterTests {
    typealias F = SchedFixture
    typealias Spec = PCIRequest.Spec

    struct MatchCase: Sendable, CustomTestStringConvertible {
        let name: String
        let spec: Spec
        let pool: PoolSummary
        let matches: Bool
        var testDescription: String { name }
    }

    static let pciPool = PoolSummary(vendorId: "10de", productId: "1db4", deviceType: .pci, free: 1)
    static let taggedPool = PoolSummary(vendorId: "8086", productId: "154c", deviceType: .vf, physicalNetwork: "physnet1",
                                        tags: ["rack": "r1"], free: 4)

    static let matchCases: [MatchCase] = [
        .init(name: "VF on its physnet", spec: Spec(deviceType: .vf, physicalNetwork: .named("physnet1")),
              pool: F.vfPool("physnet1", free: 1), matches: true),
        .init(name: "VF on another physnet", spec: Spec(deviceType: .vf, physicalNetwork: .named("physnet2")),
              pool: F.vfPool("physnet1", free: 1), matches: false),
        .init(name: "untagged request, untagged VF", spec: Spec(deviceType: .vf, physicalNetwork: .untagged),
              pool: F.vfPool(nil, free: 1), matches: true),
        .init(name: "untagged request, tagged VF", spec: Spec(deviceType: .vf, physicalNetwork: .untagged),
              pool: F.vfPool("physnet1", free: 1), matches: false),
        .init(name: "physnet request, untagged VF", spec: Spec(deviceType: .vf, physicalNetwork: .named("physnet1")),
              pool: F.vfPool(nil, free: 1), matches: false),
        .init(name: "trusted request, untrusted VF", spec: Spec(deviceType: .vf, physicalNetwork: .named("physnet1"), trustedRequired: true),
              pool: F.vfPool("physnet1", free: 1), matches: false),
        .init(name: "trusted request, trusted VF", spec: Spec(deviceType: .vf, physicalNetwork: .named("physnet1"), trustedRequired: true),
              pool: F.vfPool("physnet1", free: 1, trusted: true), matches: true),
        .init(name: "plain request, trusted VF", spec: Spec(deviceType: .vf, physicalNetwork: .named("physnet1")),
              pool: F.vfPool("physnet1", free: 1, trusted: true), matches: true),
        .init(name: "VF request never takes a PF", spec: Spec(deviceType: .vf, physicalNetwork: .named("physnet1")),
              pool: F.pfPool("physnet1"), matches: false),
        .init(name: "VF request never takes type-PCI", spec: Spec(deviceType: .vf), pool: pciPool, matches: false),
        .init(name: "PF request takes a PF", spec: Spec(deviceType: .pf, physicalNetwork: .named("physnet1")),
              pool: F.pfPool("physnet1"), matches: true),
        .init(name: "PF request never takes a VF", spec: Spec(deviceType: .pf, physicalNetwork: .named("physnet1")),
              pool: F.vfPool("physnet1", free: 1), matches: false),
        .init(name: "typeless alias skips PFs", spec: Spec(vendorId: "8086"), pool: F.pfPool(nil), matches: false),
        .init(name: "typeless alias takes VFs", spec: Spec(vendorId: "8086"), pool: F.vfPool("physnet1", free: 1), matches: true),
        .init(name: "vendor and product compared case-insensitively", spec: Spec(vendorId: "10DE", productId: "1DB4"),
              pool: pciPool, matches: true),
        .init(name: "wrong product", spec: Spec(vendorId: "10de", productId: "1db5"), pool: pciPool, matches: false),
        .init(name: "extra tag equal", spec: Spec(tags: ["rack": "r1"]), pool: taggedPool, matches: true),
        .init(name: "extra tag different", spec: Spec(tags: ["rack": "r2"]), pool: taggedPool, matches: false),
        .init(name: "extra tag missing", spec: Spec(tags: ["rack": "r1"]), pool: pciPool, matches: false),
    ]

    @Test(arguments: matchCases)
    func specMatchesPool(_ c: MatchCase) {
        #expect(c.spec.matches(c.pool) == c.matches)
    }

    @Test func specsAreORed() {
        let request = PCIRequest(count: 1, specs: [Spec(productId: "ffff"), Spec(productId: "1db4")], source: .alias("a"))
        #expect(request.matches(Self.pciPool))
        #expect(!PCIRequest(count: 1, specs: [Spec(productId: "ffff")], source: .alias("a")).matches(Self.pciPool))
    }

    @Test(arguments: [(true, true, HostVerdict.pass), (false, true, .refuse(.notAliveOrDisabled)),
                      (true, false, .refuse(.notAliveOrDisabled)), (false, false, .refuse(.notAliveOrDisabled))])
    func aliveFilter(_ alive: Bool, _ enabled: Bool, _ expected: HostVerdict) {
        #expect(F.verdict(AliveFilter(), F.host("h", alive: alive, enabled: enabled), F.request()) == expected)
    }

    @Test(arguments: [(4096, 4, HostVerdict.pass), (2048, 2, .pass), (2047, 4, .refuse(.insufficientRAM)),
                      (4096, 1, .refuse(.insufficientVCPUs)), (0, 0, .refuse(.insufficientRAM))])
    func capacityFilter(_ ram: Int, _ vcpus: Int, _ expected: HostVerdict) {
        #expect(F.verdict(CapacityFilter(), F.host("h", ram: ram, vcpus: vcpus), F.request(ram: 2048, vcpus: 2)) == expected)
    }

    @Test func twoRequestsDoNotDoubleCountOnePool() {
        let host = F.host("h", pools: [F.vfPool("physnet1", free: 1)])
        let one = F.request([F.vf("physnet1")])
        let two = F.request([F.vf("physnet1", port: "a"), F.vf("physnet1", port: "b")])
        #expect(F.verdict(PCIFilter(), host, one) == .pass)
        #expect(F.verdict(PCIFilter(), host, two) == .refuse(.noFreeDevice(requestIndex: 1)))
    }

    @Test func requestsSpreadOverPools() {
        let host = F.host("h", pools: [F.vfPool("physnet1", free: 1), F.vfPool("physnet1", free: 2, address: F.pf2)])
        #expect(F.verdict(PCIFilter(), host, F.request([F.vf("physnet1", count: 2), F.vf("physnet1")])) == .pass)
        #expect(F.verdict(PCIFilter(), host, F.request([F.vf("physnet1", count: 3), F.vf("physnet1")]))
            == .refuse(.noFreeDevice(requestIndex: 1)))
    }

    @Test func zeroFreePool_Fails() {
        let host = F.host("h", pools: [F.vfPool("physnet1", free: 0)])
        #expect(F.verdict(PCIFilter(), host, F.request([F.vf("physnet1")])) == .refuse(.noFreeDevice(requestIndex: 0)))
    }

    @Test func pfAndVFOfOneCard_Fails() {
        let host = F.host("h", pools: [F.vfPool("physnet1", free: 8), F.pfPool("physnet1")])
        #expect(F.verdict(PCIFilter(), host, F.request([F.pf("physnet1"), F.vf("physnet1")]))
            == .refuse(.pfVfConflict(requestIndex: 1)))
        #expect(F.verdict(PCIFilter(), host, F.request([F.vf("physnet1"), F.pf("physnet1")]))
            == .refuse(.pfVfConflict(requestIndex: 1)))
    }

    @Test func pfAndVFOfDifferentCardsPass() {
        let host = F.host("h", pools: [F.vfPool("physnet1", free: 8), F.pfPool("physnet1", address: F.pf2)])
        #expect(F.verdict(PCIFilter(), host, F.request([F.pf("physnet1"), F.vf("physnet1")])) == .pass)
    }

    @Test func noPCIRequestPassesAnyHost() {
        #expect(F.verdict(PCIFilter(), F.host("h"), F.request()) == .pass)
    }

    @Test func matchingFreeDevicesCountsOnlyMatchingPools() {
        var scratch = SchedulingScratch()
        let host = F.host("h", pools: [F.vfPool("physnet1", free: 5), F.vfPool("physnet2", free: 7), F.pfPool("physnet1")])
        _ = PCIFilter().check(host, for: F.request([F.vf("physnet1")]), scratch: &scratch)
        #expect(scratch.matchingFreeDevices == 5)
    }

    @Test(arguments: ["pack", "spread"])
    func weigherParses(_ text: String) throws {
        #expect(try HostWeigher(parsing: text).rawValue == text)
    }

    @Test func unknownWeigher_Fails() {
        do {
            _ = try HostWeigher(parsing: "random")
            Issue.record("accepted")
        } catch {
            #expect(error.code == "config.invalid_weigher")
        }
    }
}
