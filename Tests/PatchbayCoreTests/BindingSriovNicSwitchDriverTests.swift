@testable import PatchbayCore
import Testing

@Suite struct BindingSriovNicSwitchDriverTests {
    typealias F = BindingFixture
    static let driver = SriovNicSwitchDriver()

    static func hwVeb(vlan: String) -> DriverVerdict {
        .bound(vifType: .hwVeb, details: ["port_filter": false, "connectivity": "l2", "vlan": .string(vlan)],
               initialStatus: .down)
    }

    static let hostdevPhysical = DriverVerdict.bound(
        vifType: .hostdevPhysical, details: ["port_filter": false, "connectivity": "l2", "vlan": "100"],
        initialStatus: .active)

    static let binds: [BindingDriverCase] = [
        .init("direct on vlan", F.request(.direct, agents: [F.sriovAgent]), expect: hwVeb(vlan: "100")),
        .init("macvtap on vlan", F.request(.macvtap, agents: [F.sriovAgent]), expect: hwVeb(vlan: "100")),
        .init("direct on flat has vlan 0", F.request(.direct, agents: [F.sriovAgent]), F.flat1,
              expect: hwVeb(vlan: "0")),
        .init("Patchbay agent serves SR-IOV", F.request(.direct, agents: [F.patchbayAgent]),
              expect: hwVeb(vlan: "100")),
        .init("one alive agent with the mapping is enough",
              F.request(.direct, agents: [F.agent(.nicSwitch, alive: false, devices: ["physnet1": ["x"]]),
                                          F.agent(.nicSwitch, devices: ["physnet9": ["y"]]),
                                          F.agent(.patchbay, devices: ["physnet1": ["z"]])]),
              expect: hwVeb(vlan: "100")),
        .init("direct with other capabilities",
              F.request(.direct, agents: [F.sriovAgent], profile: ["capabilities": ["offload"]]),
              expect: hwVeb(vlan: "100")),
        .init("macvtap ignores switchdev",
              F.request(.macvtap, agents: [F.sriovAgent], profile: ["capabilities": ["switchdev"]]),
              expect: hwVeb(vlan: "100")),
        .init("direct-physical needs no agent", F.request(.directPhysical), expect: hostdevPhysical),
        .init("direct-physical ignores a dead agent",
              F.request(.directPhysical, agents: [F.agent(.nicSwitch, alive: false)]), expect: hostdevPhysical),
        .init("direct-physical ignores device_mappings",
              F.request(.directPhysical, segments: [F.vlan300OnPhysnet2], agents: [F.sriovAgent]),
              Segment(networkType: .vlan, physicalNetwork: "physnet2", segmentationId: 100),
              expect: hostdevPhysical),
    ]

    @Test(arguments: binds)
    func bind(_ row: BindingDriverCase) {
        #expect(Self.driver.bind(row.request, segment: row.segment) == row.expected)
    }

    static let refusals: [BindingDriverCase] = [
        .init("normal", F.request(.normal, agents: [F.sriovAgent]),
              expect: .refused("vnic_type normal is not supported")),
        .init("direct with switchdev",
              F.request(.direct, agents: [F.sriovAgent], profile: ["capabilities": ["switchdev"]]),
              expect: .refused("switchdev (OVS hardware offload) ports are not bound by SR-IOV")),
        .init("direct on vxlan", F.request(.direct, agents: [F.sriovAgent]), F.vxlan5001,
              expect: .refused("vxlan segments cannot be bound to SR-IOV")),
        .init("direct-physical on vxlan", F.request(.directPhysical), F.vxlan5001,
              expect: .refused("vxlan segments cannot be bound to SR-IOV")),
        .init("no agent at all", F.request(.direct),
              expect: .refused("no alive agent on host compute2")),
        .init("only agents of other types", F.request(.direct, agents: [F.macvtapAgent, F.bridgeAgent]),
              expect: .refused("no alive agent on host compute2")),
        .init("agent on another host",
              F.request(.direct, agents: [F.agent(.nicSwitch, host: "compute1", devices: ["physnet1": ["x"]])]),
              expect: .refused("no alive agent on host compute2")),
        .init("dead agent", F.request(.direct, agents: [F.agent(.nicSwitch, alive: false, devices: ["physnet1": ["x"]])]),
              expect: .refused("agent on host compute2 is not alive")),
        .init("physnet not mapped", F.request(.direct, agents: [F.sriovAgent]), F.vlan300OnPhysnet2,
              expect: .refused("physnet2 not in device_mappings of agent on host compute2")),
        .init("mapping only on the dead agent",
              F.request(.macvtap, agents: [F.agent(.nicSwitch, alive: false, devices: ["physnet1": ["x"]]),
                                           F.agent(.nicSwitch, devices: ["physnet2": ["y"]])]),
              expect: .refused("physnet1 not in device_mappings of agent on host compute2")),
        .init("vlan segment without physnet", F.request(.direct, agents: [F.sriovAgent]),
              Segment(networkType: .vlan, segmentationId: 100),
              expect: .refused("vlan segment has no physical network")),
    ]

    @Test(arguments: refusals)
    func bind_Fails(_ row: BindingDriverCase) {
        #expect(Self.driver.bind(row.request, segment: row.segment) == row.expected)
    }

    @Test func name() {
        #expect(Self.driver.name == "sriovnicswitch")
    }
}
