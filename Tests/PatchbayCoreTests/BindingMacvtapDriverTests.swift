@testable import PatchbayCore
import Testing

@Suite struct BindingMacvtapDriverTests {
    typealias F = BindingFixture
    static let driver = MacvtapDriver()

    static let binds: [BindingDriverCase] = [
        .init("flat uses the interface itself and has no vlan key", F.request(agents: [F.macvtapAgent]), F.flat1,
              expect: .bound(vifType: .macvtap,
                             details: ["physical_interface": "ens2", "macvtap_mode": "bridge",
                                       "macvtap_source": "ens2", "port_filter": false],
                             initialStatus: .down)),
        .init("Patchbay agent serves macvtap", F.request(agents: [F.patchbayAgent]), F.flat1,
              expect: .bound(vifType: .macvtap,
                             details: ["physical_interface": "ens2", "macvtap_mode": "bridge",
                                       "macvtap_source": "ens2", "port_filter": false],
                             initialStatus: .down)),
        .init("the alive agent's interface is used",
              F.request(agents: [F.agent(.macvtap, alive: false, interfaces: ["physnet1": "dead0"]),
                                 F.agent(.macvtap, interfaces: ["physnet1": "live0"])]),
              F.flat1,
              expect: .bound(vifType: .macvtap,
                             details: ["physical_interface": "live0", "macvtap_mode": "bridge",
                                       "macvtap_source": "live0", "port_filter": false],
                             initialStatus: .down)),
    ]

    @Test(arguments: binds)
    func bind(_ row: BindingDriverCase) {
        #expect(Self.driver.bind(row.request, segment: row.segment) == row.expected)
    }

    static let refusals: [BindingDriverCase] = [
        .init("vlan: no 802.1Q sub-interface, so never half-wired", F.request(agents: [F.macvtapAgent]),
              expect: .refused(MacvtapDriver.vlanRefusal(100))),
        .init("vlan 200 with a mapping alive", F.request(agents: [F.macvtapAgent]), F.vlan200,
              expect: .refused(MacvtapDriver.vlanRefusal(200))),
        .init("direct", F.request(.direct, agents: [F.macvtapAgent]),
              expect: .refused("vnic_type direct is not supported")),
        .init("macvtap vnic is SR-IOV's", F.request(.macvtap, agents: [F.macvtapAgent]),
              expect: .refused("vnic_type macvtap is not supported")),
        .init("direct-physical", F.request(.directPhysical, agents: [F.macvtapAgent]),
              expect: .refused("vnic_type direct-physical is not supported")),
        .init("vxlan", F.request(agents: [F.macvtapAgent]), F.vxlan5001,
              expect: .refused("vxlan segments cannot be bound to macvtap")),
        .init("no agent", F.request(), expect: .refused("no alive agent on host compute2")),
        .init("only an SR-IOV agent", F.request(agents: [F.sriovAgent]),
              expect: .refused("no alive agent on host compute2")),
        .init("dead agent", F.request(agents: [F.agent(.macvtap, alive: false, interfaces: ["physnet1": "ens2"])]),
              expect: .refused("agent on host compute2 is not alive")),
        .init("physnet not mapped", F.request(agents: [F.macvtapAgent]), F.vlan300OnPhysnet2,
              expect: .refused("physnet2 not in interface_mappings of agent on host compute2")),
        .init("flat segment without physnet", F.request(agents: [F.macvtapAgent]), Segment(networkType: .flat),
              expect: .refused("flat segment has no physical network")),
    ]

    @Test(arguments: refusals)
    func bind_Fails(_ row: BindingDriverCase) {
        #expect(Self.driver.bind(row.request, segment: row.segment) == row.expected)
    }

    @Test func vlanRefusalTellsTheOperatorWhyAndWhatElseWorks() {
        let reason = MacvtapDriver.vlanRefusal(100)
        for fragment in ["vlan segment 100 cannot be bound to macvtap", "802.1Q sub-interface", "linuxbridge", "SR-IOV"] {
            #expect(reason.contains(fragment), "missing \(fragment) in \(reason)")
        }
    }

    @Test func name() {
        #expect(Self.driver.name == "macvtap")
    }
}
