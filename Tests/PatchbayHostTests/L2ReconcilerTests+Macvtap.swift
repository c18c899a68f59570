import PatchbayCore

extension L2ReconcilerTests {
    static let macvtapCases: [L2PlanCase] = [
        L2PlanCase(
            description: "a missing macvtap is created with the port's MAC (lower case) and set up",
            intents: [N.macvtap(N.p1)],
            actual: HostLinkState(links: [HostLink(name: "eth2", kind: nil, isUp: true)]),
            actions: [.createMacvtap(name: N.mvt1, source: "eth2", mode: "bridge", mac: "fa:16:3e:00:00:01"),
                      .setUp(N.mvt1)],
            ready: [N.p1]),
        L2PlanCase(
            description: "a macvtap in place and up needs nothing",
            intents: [N.macvtap(N.p1)],
            actual: HostLinkState(links: [HostLink(name: N.mvt1, kind: "macvtap", isUp: true, mac: "fa:16:3e:00:00:01",
                                                   parent: "eth2", macvtapMode: "bridge")]),
            actions: [], ready: [N.p1]),
        L2PlanCase(
            description: "a down macvtap goes up",
            intents: [N.macvtap(N.p1)],
            actual: HostLinkState(links: [HostLink(name: N.mvt1, kind: "macvtap", mac: "fa:16:3e:00:00:01",
                                                   parent: "eth2", macvtapMode: "bridge")]),
            actions: [.setUp(N.mvt1)], ready: [N.p1]),
        L2PlanCase(
            description: "a macvtap whose MAC differs gets the port's MAC in place",
            intents: [N.macvtap(N.p1)],
            actual: HostLinkState(links: [HostLink(name: N.mvt1, kind: "macvtap", isUp: true, mac: "fa:16:3e:99:99:99",
                                                   parent: "eth2", macvtapMode: "bridge")]),
            actions: [.setMAC(device: N.mvt1, mac: "fa:16:3e:00:00:01")], ready: [N.p1]),
        L2PlanCase(
            description: "a passthrough macvtap is created as passthru and then given the port's MAC",
            intents: [N.macvtap(N.p1, mode: "passthrough")],
            actual: HostLinkState(links: [HostLink(name: "eth2", kind: nil, isUp: true, mac: "52:54:00:00:00:02")]),
            actions: [.createMacvtap(name: N.mvt1, source: "eth2", mode: "passthru", mac: "fa:16:3e:00:00:01"),
                      .setMAC(device: N.mvt1, mac: "fa:16:3e:00:00:01"), .setUp(N.mvt1)],
            ready: [N.p1]),
        L2PlanCase(
            description: "a passthru macvtap in place matches a passthrough intent",
            intents: [N.macvtap(N.p1, mode: "Passthrough")],
            actual: HostLinkState(links: [HostLink(name: N.mvt1, kind: "macvtap", isUp: true, mac: "fa:16:3e:00:00:01",
                                                   parent: "eth2", macvtapMode: "passthru")]),
            actions: [], ready: [N.p1]),
    ] + ["mode", "parent", "kind"].map { field in
        let link = HostLink(name: N.mvt1, kind: field == "kind" ? "veth" : "macvtap", isUp: true,
                            mac: "fa:16:3e:00:00:01",
                            parent: field == "parent" ? "eth3" : "eth2",
                            macvtapMode: field == "mode" ? "vepa" : "bridge")
        return L2PlanCase(
            description: "a macvtap whose \(field) differs is recreated",
            intents: [N.macvtap(N.p1)], actual: HostLinkState(links: [link]),
            actions: [.deleteLink(N.mvt1),
                      .createMacvtap(name: N.mvt1, source: "eth2", mode: "bridge", mac: "fa:16:3e:00:00:01"),
                      .setUp(N.mvt1)],
            ready: [N.p1])
    }
}
