@testable import PatchbayCore
import Testing

@Suite struct BindingEngineTests {
    typealias F = BindingFixture
    static let all = BindingEngine(drivers: [SriovNicSwitchDriver(), MacvtapDriver(), LinuxBridgeDriver()])

    /// The bound port, or nil when the outcome is a failure.
    static func bound(_ outcome: BindingOutcome) -> BoundPort? {
        if case .bound(let port) = outcome { port } else { nil }
    }

    @Test func firstDriverThatBindsWins() throws {
        let request = F.request(segments: [F.flat1], agents: [F.macvtapAgent, F.bridgeAgent])
        let port = try #require(Self.bound(Self.all.bind(request)))
        #expect(port.driverName == "macvtap")
        #expect(port.vifType == .macvtap)
        #expect(port.vifDetails["bound_drivers"] == ["0": "macvtap"])
        #expect(port.segment == F.flat1)
        #expect(port.initialStatus == .down)

        let reordered = BindingEngine(drivers: [LinuxBridgeDriver(), MacvtapDriver()])
        #expect(try #require(Self.bound(reordered.bind(request))).driverName == "linuxbridge")
    }

    @Test func fallsThroughToTheNextDriver() throws {
        // macvtap has no mapping for physnet1 on this host, so linuxbridge gets the port.
        let request = F.request(agents: [F.agent(.macvtap, interfaces: ["physnet9": "ens9"]), F.bridgeAgent])
        let port = try #require(Self.bound(Self.all.bind(request)))
        #expect(port.driverName == "linuxbridge")
        #expect(port.vifDetails == ["bridge_name": "pbr-physnet1", "port_filter": false, "connectivity": "l2",
                                    "vlan": "100", "bound_drivers": ["0": "linuxbridge"]])
    }

    @Test func triesLaterSegmentsOfTheSameDriver() throws {
        let request = F.request(.direct, segments: [F.vxlan5001, F.vlan300OnPhysnet2, F.vlan100],
                                agents: [F.sriovAgent])
        let port = try #require(Self.bound(Self.all.bind(request)))
        #expect(port.segment == F.vlan100)
        #expect(port.vifDetails == ["port_filter": false, "connectivity": "l2", "vlan": "100",
                                    "bound_drivers": ["0": "sriovnicswitch"]])
    }

    @Test func firstSegmentThatBindsWins() throws {
        let request = F.request(segments: [F.flat1, F.vlan100], agents: [F.bridgeAgent])
        #expect(try #require(Self.bound(Self.all.bind(request))).segment == F.flat1)
    }

    @Test func driverOrderComesBeforeSegmentOrder() throws {
        // linuxbridge could bind the first (vxlan) segment, but macvtap is configured first and
        // binds the second.
        let request = F.request(segments: [F.vxlan5001, F.flat1], agents: [F.macvtapAgent, F.bridgeAgent])
        let port = try #require(Self.bound(Self.all.bind(request)))
        #expect(port.driverName == "macvtap")
        #expect(port.segment == F.flat1)

        // A VLAN segment is refused by macvtap, with the reason, so linuxbridge gets it.
        let vlan = F.request(segments: [F.vlan100], agents: [F.macvtapAgent, F.bridgeAgent])
        #expect(try #require(Self.bound(Self.all.bind(vlan))).driverName == "linuxbridge")
    }

    @Test func directPhysicalBindsActiveWithoutAgent() throws {
        let port = try #require(Self.bound(Self.all.bind(F.request(.directPhysical))))
        #expect(port.vifType == .hostdevPhysical)
        #expect(port.initialStatus == .active)
        #expect(port.driverName == "sriovnicswitch")
        #expect(port.vifDetails["bound_drivers"] == ["0": "sriovnicswitch"])
    }

    @Test func failureNamesEveryDriver_Fails() {
        let request = F.request(.direct, agents: [F.agent(.nicSwitch, devices: ["physnet2": ["ens1f0"]])])
        let outcome = Self.all.bind(request)
        #expect(outcome == .failed(reason: "no mechanism driver could bind port P on host compute2: "
            + "sriovnicswitch: physnet1 not in device_mappings of agent on host compute2; "
            + "macvtap: vnic_type direct is not supported; linuxbridge: vnic_type direct is not supported"))
        #expect(outcome.vifType == .bindingFailed)
        #expect(outcome.vifDetails == [:])
    }

    @Test func failureCollapsesRepeatedReasonsPerDriver_Fails() {
        let request = F.request(.direct, segments: [F.vlan100, F.vxlan5001, F.vlan300OnPhysnet2, F.vlan200],
                                agents: [F.agent(.nicSwitch, devices: ["physnet9": ["x"]])])
        #expect(Self.all.bind(request) == .failed(reason: "no mechanism driver could bind port P on host compute2: "
            + "sriovnicswitch: physnet1 not in device_mappings of agent on host compute2, "
            + "vxlan segments cannot be bound to SR-IOV, physnet2 not in device_mappings of agent on host compute2; "
            + "macvtap: vnic_type direct is not supported; linuxbridge: vnic_type direct is not supported"))
    }

    @Test(arguments: [
        ([AgentSnapshot](), "macvtap: no alive agent on host compute2; linuxbridge: no alive agent on host compute2"),
        ([F.agent(.macvtap, alive: false), F.agent(.linuxBridge, alive: false)],
         "macvtap: agent on host compute2 is not alive; linuxbridge: agent on host compute2 is not alive"),
        ([F.agent(.patchbay, alive: false)],
         "macvtap: agent on host compute2 is not alive; linuxbridge: agent on host compute2 is not alive"),
        ([F.agent(.macvtap, alive: false)],
         "macvtap: agent on host compute2 is not alive; linuxbridge: no alive agent on host compute2"),
    ])
    func deadAndMissingAgents_Fails(_ agents: [AgentSnapshot], _ expected: String) {
        let engine = BindingEngine(drivers: [MacvtapDriver(), LinuxBridgeDriver()])
        #expect(engine.bind(F.request(agents: agents))
            == .failed(reason: "no mechanism driver could bind port P on host compute2: \(expected)"))
    }

    @Test(arguments: [
        (BindingEngine(drivers: []), F.request(), "no mechanism driver could bind port P on host compute2: "
            + "no mechanism drivers are configured"),
        (all, F.request(segments: []), "no mechanism driver could bind port P on host compute2: "
            + "the network has no segments"),
        (all, BindingRequest(portId: "P", host: "", segments: [F.vlan100], agents: [F.bridgeAgent]),
         "port P has no binding:host_id"),
    ])
    func degenerateRequests_Fails(_ engine: BindingEngine, _ request: BindingRequest, _ expected: String) {
        #expect(engine.bind(request) == .failed(reason: expected))
    }

    @Test(arguments: [
        ([String](), [String]()),
        (["sriovnicswitch", "macvtap", "linuxbridge"], ["sriovnicswitch", "macvtap", "linuxbridge"]),
        (["linuxbridge", "sriovnicswitch"], ["linuxbridge", "sriovnicswitch"]),
    ])
    func driversByName(_ names: [String], _ expected: [String]) throws {
        #expect(try BindingEngine.drivers(named: names).map(\.name) == expected)
    }

    @Test(arguments: ["openvswitch", "SRIOVNICSWITCH", "", "linuxbridge "])
    func driversByName_Fails(_ unknown: String) {
        #expect(throws: PatchbayError(
            code: "config.unknown_mechanism_driver", type: "ConfigError", category: .internalError,
            message: "unknown mechanism driver '\(unknown)'; known: sriovnicswitch, macvtap, linuxbridge")) {
            try BindingEngine.drivers(named: ["sriovnicswitch", unknown])
        }
    }
}
