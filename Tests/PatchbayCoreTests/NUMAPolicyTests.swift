@testable import PatchbayCore
import Testing

@Suite struct NUMAPolicyTests {
    typealias F = SchedFixture

    /// Two sockets: nodes 0 and 1 on socket 0, node 2 on socket 1.
    static let cells = [NUMACell(id: 0, socket: 0), NUMACell(id: 1, socket: 0), NUMACell(id: 2, socket: 1)]

    static func verdict(_ policy: NUMAPolicy, deviceNode: Int?, cells: [NUMACell] = cells, instance: [Int] = [0]) -> HostVerdict {
        let host = F.host("h", cells: cells, pools: [F.vfPool("physnet1", free: 2, node: deviceNode)])
        return F.verdict(PCIFilter(), host, F.request([F.vf("physnet1", policy: policy)], numa: instance))
    }

    @Test(arguments: [
        (NUMAPolicy.required, 0 as Int?), (.legacy, 0), (.legacy, nil), (.preferred, 0), (.preferred, 2),
        (.preferred, nil), (.socket, 0), (.socket, 1),
    ])
    func policyAllowsDevice(_ policy: NUMAPolicy, _ node: Int?) {
        #expect(Self.verdict(policy, deviceNode: node) == .pass)
    }

    @Test(arguments: [
        (NUMAPolicy.required, 1 as Int?), (.required, nil), (.legacy, 2), (.socket, 2), (.socket, nil),
    ])
    func policyForbidsDevice_Fails(_ policy: NUMAPolicy, _ node: Int?) {
        #expect(Self.verdict(policy, deviceNode: node) == .refuse(.numa(requestIndex: 0)))
    }

    @Test func socketPolicyWithoutSocketInfo_Fails() {
        let cells = [NUMACell(id: 0, socket: 0), NUMACell(id: 1)]
        #expect(Self.verdict(.socket, deviceNode: 0, cells: cells) == .refuse(.numa(requestIndex: 0)))
        #expect(Self.verdict(.socket, deviceNode: 0, cells: []) == .refuse(.numa(requestIndex: 0)))
    }

    @Test func defaultPolicyIsLegacy() {
        let host = F.host("h", cells: Self.cells, pools: [F.vfPool("physnet1", free: 2, node: 1)])
        #expect(F.verdict(PCIFilter(), host, F.request([F.vf("physnet1")], numa: [0])) == .refuse(.numa(requestIndex: 0)))
        #expect(F.verdict(PCIFilter(), host, F.request([F.vf("physnet1")], numa: [0, 1])) == .pass)
    }

    @Test(arguments: NUMAPolicy.allCases)
    func noInstanceTopologyIgnoresPolicy(_ policy: NUMAPolicy) {
        #expect(Self.verdict(policy, deviceNode: 2, cells: [], instance: []) == .pass)
    }

    @Test func shortageEvenWithoutNUMAIsAPCIRefusal_Fails() {
        let host = F.host("h", cells: Self.cells, pools: [F.vfPool("physnet1", free: 1, node: 1)])
        #expect(F.verdict(PCIFilter(), host, F.request([F.vf("physnet1", count: 2, policy: .required)], numa: [0]))
            == .refuse(.noFreeDevice(requestIndex: 0)))
    }

    @Test func affinePoolsAreUsedFirst() throws {
        let host = F.host("h", cells: Self.cells, pools: [
            F.vfPool("physnet1", free: 4, node: 2), F.vfPool("physnet1", free: 4, node: nil, address: F.pf2),
            F.vfPool("physnet1", free: 1, node: 0, address: nil),
        ])
        let request = F.request([F.vf("physnet1", count: 3, policy: .preferred)], numa: [0])
        let placement = try #require(try Scheduler().select(request, from: [host]).get().first)
        #expect(placement.pciTakes.map(\.poolIndex) == [2, 1])
        #expect(placement.pciTakes.map(\.count) == [1, 2])
    }

    @Test(arguments: [
        (NUMAPolicy.required, 0 as Int?, 0 as Int?), (.required, 1, nil), (.legacy, nil, 1), (.legacy, 1, nil),
        (.preferred, 0, 0), (.preferred, nil, 1), (.preferred, 2, 2), (.socket, 1, 1), (.socket, 2, nil), (.socket, nil, nil),
    ])
    func ranks(_ policy: NUMAPolicy, _ node: Int?, _ expected: Int?) {
        let host = F.host("h", cells: Self.cells)
        #expect(NUMAPolicyMatcher.rank(ofNode: node, policy: policy, instanceNodes: [0], host: host) == expected)
    }
}
