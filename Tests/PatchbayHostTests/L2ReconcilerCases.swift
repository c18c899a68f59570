import PatchbayCore

/// Table rows for `L2ReconcilerTests`: intents and actual state in, the expected plan out.
struct L2PlanCase: Sendable, CustomStringConvertible {
    var description: String
    var intents: [L2PortIntent]
    var actual: HostLinkState
    var actions: [L2Action]
    var ready: Set<String> = []
    /// Whether the plan's actions can all succeed, so a second plan over their result is empty.
    var settles = true
}

/// Port ids and device names shared by the planner cases.
enum L2Names {
    static let p1 = "aaaaaaaa-1111-4111-8111-000000000001", p2 = "bbbbbbbb-2222-4222-8222-000000000002"
    static let tap1 = L2PortIntent.tapName(portID: p1), tap2 = L2PortIntent.tapName(portID: p2)
    static let mvt1 = L2PortIntent.macvtapName(portID: p1)
    static let physnet = LinuxBridgeDriver.bridgeName(physicalNetwork: "physnet1")
    static let vx1001 = LinuxBridgeDriver.bridgeName(vni: 1001)

    static func vlan(_ port: String, _ vlan: Int?, uplink: String? = "eth1") -> L2PortIntent {
        L2PortIntent(portID: port, kind: .bridged(bridge: physnet, uplink: uplink, vlan: vlan))
    }

    static func vxlan(_ port: String, vni: Int = 1001, local: String = "192.0.2.1", peers: [String]) -> L2PortIntent {
        L2PortIntent(portID: port, kind: .vxlan(bridge: LinuxBridgeDriver.bridgeName(vni: vni), vni: vni,
                                                localIP: local, underlay: "eth1", peers: peers))
    }

    static func macvtap(_ port: String, mac: String = "FA:16:3E:00:00:01", mode: String = "bridge",
                        source: String = "eth2") -> L2PortIntent {
        L2PortIntent(portID: port, kind: .macvtap(source: source, mode: mode, mac: mac))
    }

    /// A physnet bridge that is up with `eth1` enslaved and up.
    static let wiredPhysnet = [HostLink(name: physnet, kind: "bridge", isUp: true),
                               HostLink(name: "eth1", kind: "veth", master: physnet, isUp: true)]

    /// VNI 1001's bridge and device, up, enslaved.
    static let wiredVXLAN = [
        HostLink(name: vx1001, kind: "bridge", isUp: true), HostLink(name: "eth1", kind: "veth", isUp: true),
        HostLink(name: "vxlan-1001", kind: "vxlan", master: vx1001, isUp: true,
                 vxlan: .init(vni: 1001, localIP: "192.0.2.1", underlay: "eth1")),
    ]

    static func tap(_ name: String, master: String? = nil, up: Bool = false) -> HostLink {
        HostLink(name: name, kind: "tun", master: master, isUp: up)
    }
}
