import PatchbayCore
import Testing

@Suite("L2ActionExecutor snapshots, plans and performs over a HostLinks seam")
struct L2ActionExecutorTests {
    typealias N = L2Names

    @Test func reconcilePerformsThePlanThenNothing() throws {
        let fake = FakeHostLinks(HostLinkState(links: [HostLink(name: "eth1", kind: "veth"), N.tap(N.tap1),
                                                       HostLink(name: "eth2", kind: "veth")]))
        let executor = L2ActionExecutor(links: fake)
        let intents = [N.vlan(N.p1, 101), N.macvtap(N.p2)]
        let plan = try executor.reconcile(intents)
        #expect(fake.performed == plan.actions)
        #expect(plan.readyPorts == [N.p1, N.p2])
        #expect(fake.current.accessVLAN(of: N.tap1) == .vlan(101))
        #expect(fake.current.links[L2PortIntent.macvtapName(portID: N.p2)]?.mac == "fa:16:3e:00:00:01")
        let again = try executor.reconcile(intents)
        #expect(again.actions == [])
        #expect(fake.performed.count == plan.actions.count)
    }

    @Test func aMacvtapOnAMissingSource_Fails() throws {
        let fake = FakeHostLinks(HostLinkState())
        let executor = L2ActionExecutor(links: fake)
        #expect { try executor.reconcile([N.macvtap(N.p1, source: "eth9")]) } throws: { error in
            let error = try #require(error as? PatchbayError)
            return error.code == "host.l2_action_failed" && error.category == .notFound
                && error.detail == "host.netlink_device_not_found"
                && error.message == "Cannot create macvtap \(N.mvt1) on eth9 (mode bridge, mac fa:16:3e:00:00:01): "
                    + "Cannot find device \"eth9\""
        }
        #expect(fake.performed == [])
    }

    @Test func theFirstFailureStopsTheRest_Fails() throws {
        let fake = FakeHostLinks(HostLinkState(links: [N.tap(N.tap1)]))
        let executor = L2ActionExecutor(links: fake)
        let error = try #require(throws: PatchbayError.self) {
            try executor.reconcile([N.vlan(N.p1, 101, uplink: "eth7")])
        }
        #expect(error.message.hasPrefix("Cannot enslave eth7 to \(N.physnet): Cannot find device \"eth7\""))
        #expect(fake.performed == [.createBridge(N.physnet), .setUp(N.physnet)])
        #expect(fake.current.links[N.tap1]?.master == nil, "the tap is not touched after the failure")
    }
}
