@testable import PatchbayCore
import Testing

/// The scheduler given each host's liveness and free capacity apart from its candidate: the
/// availability decides, whatever the candidate itself says.
@Suite struct SchedulerAvailabilityTests {
    typealias F = SchedFixture

    /// Candidates as a cache keeps them: alive, nothing claimed.
    static let hosts = ["a", "b", "c"].map { F.host($0, ram: 131072, vcpus: 64, pools: [F.vfPool("physnet1", free: 4)]) }

    @Test func availabilityDecidesLivenessAndCapacity() throws {
        let availability = [
            HostAvailability(alive: false, freeRAMMB: 131072, freeVCPUs: 64),
            HostAvailability(alive: true, freeRAMMB: 1024, freeVCPUs: 64),
            HostAvailability(alive: true, freeRAMMB: 8192, freeVCPUs: 1),
        ]
        let result = Scheduler().select(F.request(ram: 2048, vcpus: 2, [F.vf("physnet1")]), from: Self.hosts, availability: availability)
        guard case .failure(let refusal) = result else { Issue.record("placed on \(result)"); return }
        #expect(refusal.notAliveOrDisabled == 1)
        #expect(refusal.ramRemoved == 1)
        #expect(refusal.vcpuRemoved == 1)
    }

    @Test func packRanksByTheAvailabilitysFreeRAM() throws {
        let availability = [
            HostAvailability(alive: true, freeRAMMB: 65536, freeVCPUs: 64),
            HostAvailability(alive: true, freeRAMMB: 4096, freeVCPUs: 64),
            HostAvailability(alive: true, freeRAMMB: 16384, freeVCPUs: 64),
        ]
        let placements = try Scheduler(weigher: .pack).select(F.request(ram: 2048, [F.vf("physnet1")]), from: Self.hosts,
                                                              availability: availability).get()
        #expect(placements.map(\.host) == ["b", "c", "a"])
        #expect(placements[0].pciTakes == [PoolTake(requestIndex: 0, poolIndex: 0, poolAddress: F.pf1, count: 1)])
    }

    @Test func aCandidatesOwnValuesAreItsAvailability() throws {
        let hosts = [F.host("full", ram: 1024), F.host("roomy", ram: 65536)]
        let own = try Scheduler().select(F.request(ram: 2048), from: hosts).get()
        let given = try Scheduler().select(F.request(ram: 2048), from: hosts, availability: hosts.map(\.availability)).get()
        #expect(own.map(\.host) == ["roomy"])
        #expect(given == own)
    }
}
