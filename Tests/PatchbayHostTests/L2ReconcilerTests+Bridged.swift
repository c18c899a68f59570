import PatchbayCore

extension L2ReconcilerTests {
    static let bridgedCases: [L2PlanCase] = [
        L2PlanCase(
            description: "a VLAN port on a fresh host gets bridge, uplink, access VLAN, master and up",
            intents: [N.vlan(N.p1, 101)],
            actual: HostLinkState(links: [HostLink(name: "eth1", kind: nil), N.tap(N.tap1)]),
            actions: [.createBridge(N.physnet), .setUp(N.physnet), .enslave(device: "eth1", bridge: N.physnet),
                      .setUp("eth1"), .setAccessVLAN(device: N.tap1, vlan: .vlan(101)),
                      .enslave(device: N.tap1, bridge: N.physnet), .setUp(N.tap1)],
            ready: [N.p1]),
        L2PlanCase(
            description: "a wired flat port needs nothing",
            intents: [N.vlan(N.p1, nil)],
            actual: HostLinkState(links: N.wiredPhysnet + [N.tap(N.tap1, master: N.physnet, up: true)],
                                  accessVLANs: [N.tap1: .flat]),
            actions: [], ready: [N.p1]),
        L2PlanCase(
            description: "a missing tap is created, filtered, then enslaved and set up",
            intents: [N.vlan(N.p1, 101)],
            actual: HostLinkState(links: [HostLink(name: "eth1", kind: nil, isUp: true)]),
            actions: [.createBridge(N.physnet), .setUp(N.physnet), .enslave(device: "eth1", bridge: N.physnet),
                      .createTap(N.tap1), .setAccessVLAN(device: N.tap1, vlan: .vlan(101)),
                      .enslave(device: N.tap1, bridge: N.physnet), .setUp(N.tap1)],
            ready: [N.p1]),
        L2PlanCase(
            description: "a changed segment VLAN only swaps the access VLAN",
            intents: [N.vlan(N.p1, 102)],
            actual: HostLinkState(links: N.wiredPhysnet + [N.tap(N.tap1, master: N.physnet, up: true)],
                                  accessVLANs: [N.tap1: .vlan(101)]),
            actions: [.setAccessVLAN(device: N.tap1, vlan: .vlan(102))], ready: [N.p1]),
        L2PlanCase(
            description: "unrecognized programs on a tap are replaced",
            intents: [N.vlan(N.p1, 101)],
            actual: HostLinkState(links: N.wiredPhysnet + [N.tap(N.tap1, master: N.physnet, up: true)],
                                  accessVLANs: [N.tap1: .unrecognized]),
            actions: [.setAccessVLAN(device: N.tap1, vlan: .vlan(101))], ready: [N.p1]),
        L2PlanCase(
            description: "a tap on another bridge moves, a down tap goes up",
            intents: [N.vlan(N.p1, 101), N.vlan(N.p2, 101)],
            actual: HostLinkState(links: N.wiredPhysnet + [N.tap(N.tap1, master: "br-other", up: true),
                                                           N.tap(N.tap2, master: N.physnet)],
                                  accessVLANs: [N.tap1: .vlan(101), N.tap2: .vlan(101)]),
            actions: [.enslave(device: N.tap1, bridge: N.physnet), .setUp(N.tap2)], ready: [N.p1, N.p2]),
        L2PlanCase(
            description: "ports without an uplink share one bridge",
            intents: [N.vlan(N.p2, 7, uplink: nil), N.vlan(N.p1, 7, uplink: nil)],
            actual: HostLinkState(links: [N.tap(N.tap1), N.tap(N.tap2)]),
            actions: [.createBridge(N.physnet), .setUp(N.physnet),
                      .setAccessVLAN(device: N.tap1, vlan: .vlan(7)), .enslave(device: N.tap1, bridge: N.physnet),
                      .setUp(N.tap1),
                      .setAccessVLAN(device: N.tap2, vlan: .vlan(7)), .enslave(device: N.tap2, bridge: N.physnet),
                      .setUp(N.tap2)],
            ready: [N.p1, N.p2]),
        L2PlanCase(
            description: "a missing uplink is still enslaved, so the failure names it",
            intents: [N.vlan(N.p1, 101, uplink: "eth7")],
            actual: HostLinkState(links: [HostLink(name: N.physnet, kind: "bridge", isUp: true)]),
            actions: [.enslave(device: "eth7", bridge: N.physnet), .setUp("eth7"), .createTap(N.tap1),
                      .setAccessVLAN(device: N.tap1, vlan: .vlan(101)), .enslave(device: N.tap1, bridge: N.physnet),
                      .setUp(N.tap1)],
            ready: [N.p1], settles: false),
    ]
}
