import PatchbayCore
import Testing

/// What a host programs for the tap flows of its desired state, and what it refuses with a reason.
@Suite struct TapPlannerTests {
    static let flat = Segment(networkType: .flat, physicalNetwork: "physnet1")
    static let vlan = Segment(networkType: .vlan, physicalNetwork: "physnet1", segmentationId: 120)

    static func port(_ id: String, vif: String = "bridge", vnic: String = "normal", segment: Segment = flat) -> HostPort {
        HostPort(id: id, macAddress: "fa:16:3e:00:00:01", networkId: "n", vnicType: vnic, vifType: vif, segment: segment)
    }

    static func flow(_ id: String, source: String = "aaaaaaaa-0001", service: String = "mmmmmmmm-0001",
                     direction: TapDirection = .both, filter: String? = nil, serviceHost: String = "h1") -> HostTapFlow {
        HostTapFlow(id: id, tapServiceId: "s", direction: direction, vlanFilter: filter.flatMap { try? VLANFilter.parse($0) },
                    sourcePortId: source, sourceHost: "h1", servicePortId: service, serviceHost: serviceHost)
    }

    @Test func aFlowBetweenTwoBridgePortsMirrorsEachDirectionAtTheTapsHooks() {
        let state = HostDesiredState(host: "h1", ports: [Self.port("aaaaaaaa-0001"), Self.port("mmmmmmmm-0001")],
                                     tapFlows: [Self.flow("f1")])
        let plan = TapPlanner.plan(state)
        #expect(plan.flows == ["f1": String?.none])
        let source = PortDevice.tapName(portID: "aaaaaaaa-0001"), monitor = PortDevice.tapName(portID: "mmmmmmmm-0001")
        #expect(plan.rules.map(\.hook) == [.ingress, .egress])
        #expect(plan.rules.allSatisfy { $0.device == source && $0.action == .mirror(to: monitor, at: .egress) })
        #expect(plan.devices == [source, monitor])
    }

    @Test func aMacvtapSourceIsMirroredAtTheInvertedHooksAndOnlyItsDirection() {
        let state = HostDesiredState(host: "h1", ports: [Self.port("aaaaaaaa-0001", vif: "macvtap"), Self.port("mmmmmmmm-0001")],
                                     tapFlows: [Self.flow("f1", direction: .in)])
        let rules = TapPlanner.plan(state).rules
        #expect(rules.map(\.hook) == [.ingress], "what a macvtap guest receives crosses the macvtap's ingress")
        #expect(rules.first?.device == PortDevice.macvtapName(portID: "aaaaaaaa-0001"))
    }

    @Test func flowsThisHostCannotProgramAreRefusedWithTheirReasonAndGetNoFilters() {
        let state = HostDesiredState(host: "h1", ports: [
            Self.port("aaaaaaaa-0001"), Self.port("mmmmmmmm-0001"),
            Self.port("vvvvvvvv-0001", vif: "hw_veb", vnic: "direct", segment: Self.vlan),
            Self.port("mmmmmmmm-0002", segment: Self.vlan),
        ], tapFlows: [
            Self.flow("remote", serviceHost: "h2"),
            Self.flow("vf", source: "vvvvvvvv-0001"),
            Self.flow("vlanmonitor", service: "mmmmmmmm-0002"),
            Self.flow("gone", source: "zzzzzzzz-0001"),
        ])
        let plan = TapPlanner.plan(state)
        #expect(plan.rules.isEmpty)
        #expect(plan.flows["remote"]??.contains("host h2") == true)
        #expect(plan.flows["vf"]??.contains("mirrored only by its NIC") == true)
        #expect(plan.flows["vlanmonitor"]??.contains("VLAN 120 access port") == true)
        #expect(plan.flows["gone"]??.contains("not wired") == true)
    }

    @Test func aVLANFilterOnAnAccessSourcePassesAllOrNothingByTheSegment() {
        let ports = [Self.port("aaaaaaaa-0001", segment: Self.vlan), Self.port("mmmmmmmm-0001")]
        let inFilter = TapPlanner.plan(HostDesiredState(host: "h1", ports: ports, tapFlows: [Self.flow("f", filter: "100-130")]))
        #expect(inFilter.rules.count == 2 && inFilter.rules.allSatisfy { $0.match == .all })
        let outside = TapPlanner.plan(HostDesiredState(host: "h1", ports: ports, tapFlows: [Self.flow("f", filter: "5")]))
        #expect(outside.rules.isEmpty && outside.flows == ["f": String?.none], "programmed: it copies nothing, truly")
    }

    @Test func theMonitorsHostReceivesCopiesOfAnotherHostsSourceFromTheServiceTunnel() {
        var flow = Self.flow("f1")
        flow.sourceHost = "h2"
        let state = HostDesiredState(host: "h1", ports: [Self.port("mmmmmmmm-0001")], tapFlows: [flow])
        let plan = TapPlanner.plan(state, tunnelIP: "192.0.2.1")
        let tunnel = TapTunnelEnd(vni: TapTunnelEnd.vni(forService: "s"), peer: nil)
        #expect(plan.flows.isEmpty, "the source's host answers for the flow")
        #expect(plan.tunnels == [tunnel.name: tunnel])
        #expect(plan.rules == [MirrorRule.remoteDelivery(vxlan: tunnel.name, target: PortDevice.tapName(portID: "mmmmmmmm-0001"))])
        #expect(TapPlanner.plan(state).flows["f1"]??.contains("no tunneling_ip") == true)
    }

    @Test func aSourceWhoseMonitorIsElsewhereSendsCopiesIntoTheServiceTunnelTowardItsHost() {
        var flow = Self.flow("f1", serviceHost: "h2")
        flow.serviceTunnelIP = "192.0.2.2"
        let plan = TapPlanner.plan(HostDesiredState(host: "h1", ports: [Self.port("aaaaaaaa-0001")], tapFlows: [flow]),
                                   tunnelIP: "192.0.2.1")
        let tunnel = TapTunnelEnd(vni: TapTunnelEnd.vni(forService: "s"), peer: "192.0.2.2")
        #expect(plan.flows == ["f1": String?.none] && plan.tunnels == [tunnel.name: tunnel])
        #expect(plan.rules.allSatisfy { $0.action == .mirror(to: tunnel.name, at: .egress) } && plan.rules.count == 2)
        #expect((0x80_0000...0xFF_FFFF).contains(tunnel.vni) && tunnel.name.utf8.count <= 15)
    }
}
