import PatchbayCore

extension L2ReconcilerTests {
    static let vxlanCases: [L2PlanCase] = [
        L2PlanCase(
            description: "a VXLAN port on a fresh host gets bridge, device, peers, master and up",
            intents: [N.vxlan(N.p1, peers: ["192.0.2.3", "192.0.2.2", "192.0.2.1"])],
            actual: HostLinkState(links: [HostLink(name: "eth1", kind: "veth", isUp: true), N.tap(N.tap1)]),
            actions: [.createBridge(N.vx1001), .setUp(N.vx1001),
                      .createVXLAN(name: "vxlan-1001", vni: 1001, localIP: "192.0.2.1", underlay: "eth1"),
                      .enslave(device: "vxlan-1001", bridge: N.vx1001), .setUp("vxlan-1001"),
                      .addFloodPeer(device: "vxlan-1001", peer: "192.0.2.2"),
                      .addFloodPeer(device: "vxlan-1001", peer: "192.0.2.3"),
                      .enslave(device: N.tap1, bridge: N.vx1001), .setUp(N.tap1)],
            ready: [N.p1]),
        L2PlanCase(
            description: "flood peers become the union of the VNI's intents",
            intents: [N.vxlan(N.p1, peers: ["192.0.2.2"]), N.vxlan(N.p2, peers: ["192.0.2.4"])],
            actual: HostLinkState(links: N.wiredVXLAN + [N.tap(N.tap1, master: N.vx1001, up: true),
                                                         N.tap(N.tap2, master: N.vx1001, up: true)],
                                  floodPeers: ["vxlan-1001": ["192.0.2.2", "192.0.2.3"]]),
            actions: [.addFloodPeer(device: "vxlan-1001", peer: "192.0.2.4"),
                      .removeFloodPeer(device: "vxlan-1001", peer: "192.0.2.3")],
            ready: [N.p1, N.p2]),
        L2PlanCase(
            description: "a VXLAN device with another local address is recreated and refilled",
            intents: [N.vxlan(N.p1, local: "192.0.2.9", peers: ["192.0.2.2"])],
            actual: HostLinkState(links: N.wiredVXLAN + [N.tap(N.tap1, master: N.vx1001, up: true)],
                                  floodPeers: ["vxlan-1001": ["192.0.2.2"]]),
            actions: [.deleteLink("vxlan-1001"),
                      .createVXLAN(name: "vxlan-1001", vni: 1001, localIP: "192.0.2.9", underlay: "eth1"),
                      .enslave(device: "vxlan-1001", bridge: N.vx1001), .setUp("vxlan-1001"),
                      .addFloodPeer(device: "vxlan-1001", peer: "192.0.2.2")],
            ready: [N.p1]),
        L2PlanCase(
            description: "a tap moving from a VLAN to a VXLAN network loses its programs",
            intents: [N.vxlan(N.p1, peers: [])],
            actual: HostLinkState(links: N.wiredVXLAN + [N.tap(N.tap1, master: N.physnet, up: true)],
                                  accessVLANs: [N.tap1: .vlan(101)]),
            actions: [.setAccessVLAN(device: N.tap1, vlan: .none), .enslave(device: N.tap1, bridge: N.vx1001)],
            ready: [N.p1]),
        L2PlanCase(
            description: "a missing VXLAN tap is created and joins its VNI's bridge without programs",
            intents: [N.vxlan(N.p1, peers: [])],
            actual: HostLinkState(links: N.wiredVXLAN),
            actions: [.createTap(N.tap1), .enslave(device: N.tap1, bridge: N.vx1001), .setUp(N.tap1)], ready: [N.p1]),
    ]

    static let staleCases: [L2PlanCase] = [
        L2PlanCase(
            description: "unused VXLAN devices, agent macvtaps and unheld taps go; other devices stay",
            intents: [N.vxlan(N.p1, peers: [])],
            actual: HostLinkState(links: N.wiredVXLAN + N.wiredPhysnet + [
                HostLink(name: "pbvx-1002", kind: "bridge", isUp: true),
                HostLink(name: "vxlan-1002", kind: "vxlan", master: "pbvx-1002", vxlan: .init(vni: 1002, localIP: nil)),
                HostLink(name: "mvtdeadbeef-00", kind: "macvtap", parent: "eth2", macvtapMode: "bridge"),
                HostLink(name: "macvtap0", kind: "macvtap", parent: "eth2", macvtapMode: "bridge"),
                HostLink(name: "mvtnotamacvtap", kind: "veth"), HostLink(name: "vxlan-x", kind: "vxlan"),
                N.tap(N.tap1, master: N.vx1001, up: true), HostLink(name: "tapdeadbeef-00", kind: "tun"),
                HostLink(name: "tapfeedface-00", kind: "tun", hasCarrier: true), HostLink(name: "tapveth", kind: "veth"),
                HostLink(name: "vnet3", kind: "tun"), HostLink(name: "tapnotaport", kind: "tun"),
            ]),
            actions: [.deleteLink("mvtdeadbeef-00"), .deleteLink("pbvx-1002"), .deleteLink("tapdeadbeef-00"),
                      .deleteLink("vxlan-1002")],
            ready: [N.p1]),
        L2PlanCase(
            description: "no intents at all remove every agent-owned device",
            intents: [],
            actual: HostLinkState(links: N.wiredVXLAN + [HostLink(name: N.mvt1, kind: "macvtap"), N.tap(N.tap2)],
                                  floodPeers: ["vxlan-1001": ["192.0.2.2"]]),
            actions: [.deleteLink(N.mvt1), .deleteLink(N.vx1001), .deleteLink(N.tap2), .deleteLink("vxlan-1001")]),
        L2PlanCase(
            description: "a removed port's tap stays while its guest still holds it",
            intents: [],
            actual: HostLinkState(links: N.wiredPhysnet + [HostLink(name: N.tap1, kind: "tun", master: N.physnet, isUp: true,
                                                                    hasCarrier: true)],
                                  accessVLANs: [N.tap1: .vlan(101)]),
            actions: []),
    ]
}
