@testable import PatchbayCore
import Testing

/// The 802.1Qbh port profile rule applied by `BindingEngine` to every driver's candidate.
@Suite struct BindingEngineProfileTests {
    typealias F = BindingFixture
    static let engine = BindingEngine(drivers: [SriovNicSwitchDriver(), LinuxBridgeDriver()])
    static let known = ["gold": PortProfile(id: "gold", vlan: 100), "plain": PortProfile(id: "plain")]

    struct Case: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let request: BindingRequest
        let segment: Segment
        let profileId: String?
    }

    static let binds: [Case] = [
        .init(testDescription: "no profile, no profileid key",
              request: F.request(.direct, agents: [F.sriovAgent], knownProfiles: known),
              segment: F.vlan100, profileId: nil),
        .init(testDescription: "matching VLAN",
              request: F.request(.direct, agents: [F.sriovAgent], profile: ["profileid": "gold"], knownProfiles: known),
              segment: F.vlan100, profileId: "gold"),
        .init(testDescription: "conflicting segment skipped for the matching one",
              request: F.request(.direct, segments: [F.vlan200, F.vlan100], agents: [F.sriovAgent],
                                 profile: ["profileid": "gold"], knownProfiles: known),
              segment: F.vlan100, profileId: "gold"),
        .init(testDescription: "known profile without VLAN fits any segment",
              request: F.request(.direct, agents: [F.sriovAgent], profile: ["profileid": "plain"], knownProfiles: known),
              segment: F.vlan100, profileId: "plain"),
        .init(testDescription: "unknown profile is accepted",
              request: F.request(.direct, segments: [F.flat1], agents: [F.sriovAgent],
                                 profile: ["profileid": "enterprise-xyz"], knownProfiles: known),
              segment: F.flat1, profileId: "enterprise-xyz"),
        .init(testDescription: "network default applies",
              request: F.request(.direct, segments: [F.vlan200, F.vlan100], agents: [F.sriovAgent],
                                 networkDefaultProfileId: "gold", knownProfiles: known),
              segment: F.vlan100, profileId: "gold"),
        .init(testDescription: "port profileid overrides the network default",
              request: F.request(.direct, segments: [F.vlan200], agents: [F.sriovAgent], profile: ["profileid": "plain"],
                                 networkDefaultProfileId: "gold", knownProfiles: known),
              segment: F.vlan200, profileId: "plain"),
        .init(testDescription: "direct-physical gets the profile too",
              request: F.request(.directPhysical, profile: ["profileid": "gold"], knownProfiles: known),
              segment: F.vlan100, profileId: "gold"),
    ]

    @Test(arguments: binds)
    func bind(_ row: Case) throws {
        let port = try #require(BindingEngineTests.bound(Self.engine.bind(row.request)))
        #expect(port.segment == row.segment)
        #expect(port.vifDetails["profileid"] == row.profileId.map(JSONValue.string))
        #expect(port.vifDetails["bound_drivers"] == ["0": .string(port.driverName)])
    }

    @Test func conflictFallsThroughToTheNextDriver() throws {
        // macvtap can only bind vlan 200 (physnet1), which contradicts gold's VLAN 100; linuxbridge
        // can only bind vlan 100 on physnet2, which matches.
        let vlan100OnPhysnet2 = Segment(networkType: .vlan, physicalNetwork: "physnet2", segmentationId: 100)
        let request = F.request(segments: [F.vlan200, vlan100OnPhysnet2],
                                agents: [F.macvtapAgent, F.agent(.linuxBridge, bridges: ["physnet2": "ens4"])],
                                profile: ["profileid": "gold"], knownProfiles: Self.known)
        let engine = BindingEngine(drivers: [MacvtapDriver(), LinuxBridgeDriver()])
        let port = try #require(BindingEngineTests.bound(engine.bind(request)))
        #expect(port.driverName == "linuxbridge")
        #expect(port.segment == vlan100OnPhysnet2)
        #expect(port.vifDetails == ["bridge_name": "pbr-physnet2", "port_filter": false, "connectivity": "l2",
                                    "vlan": "100", "profileid": "gold", "bound_drivers": ["0": "linuxbridge"]])
    }

    @Test func conflictOnEverySegment_Fails() {
        let request = F.request(.normal, segments: [F.vlan200, F.flat1, F.vxlan5001],
                                agents: [F.bridgeAgent], profile: ["profileid": "gold"], knownProfiles: Self.known)
        #expect(Self.engine.bind(request) == .failed(reason: "no mechanism driver could bind port P on host compute2: "
            + "sriovnicswitch: vnic_type normal is not supported; "
            + "linuxbridge: port profile gold carries VLAN 100 but the segment is vlan 200 on physnet1, "
            + "port profile gold carries VLAN 100 but the segment is flat on physnet1, "
            + "port profile gold carries VLAN 100 but the segment is vxlan 5001"))
    }

    @Test func networkDefaultConflict_Fails() {
        let request = F.request(.direct, segments: [F.vlan200], agents: [F.sriovAgent],
                                networkDefaultProfileId: "gold", knownProfiles: Self.known)
        #expect(Self.engine.bind(request) == .failed(reason: "no mechanism driver could bind port P on host compute2: "
            + "sriovnicswitch: port profile gold carries VLAN 100 but the segment is vlan 200 on physnet1; "
            + "linuxbridge: vnic_type direct is not supported"))
    }
}
