import PatchbayCore
import Testing

@Suite("HostPlanner turns a host's desired state into VF, link and guest work")
struct HostPlannerTests {
    static let pf = PCIDevice(address: PCIAddress("0000:81:00.0")!, vendorId: "8086", productId: "1572", type: .pf,
                              numaNode: 0, netdev: "ens1f0", pfMACAddress: "3c:fd:fe:00:00:01")
    static func vf(_ number: Int) -> PCIDevice {
        PCIDevice(address: PCIAddress("0000:81:02.\(number)")!, vendorId: "8086", productId: "154c", type: .vf,
                  parentAddress: pf.address, numaNode: 0, netdev: "ens1f0v\(number)", pfMACAddress: "3c:fd:fe:00:00:01",
                  vfNumber: number)
    }
    static let facts = HostFacts(devices: [pf, vf(0), vf(1)],
                                 mappings: AgentMappings(bridgeMappings: ["physnet1": "uplink"]),
                                 tunnelingIP: "192.0.2.1")

    static func port(_ id: String, vif: String, vnic: String = "normal", segment: Segment? = Segment(networkType: .vlan,
                     physicalNetwork: "physnet1", segmentationId: 101), details: [String: JSONValue] = [:],
                     profile: [String: JSONValue] = [:], network: String = "net-a") -> HostPort {
        HostPort(id: id, macAddress: "fa:16:3e:00:00:0\(id.count % 10)", networkId: network, vnicType: vnic, vifType: vif,
                 vifDetails: details, profile: profile, segment: segment)
    }

    @Test func directPortOnAVFGetsNeutronsVFSettings() throws {
        var port = Self.port("p1", vif: "hw_veb", vnic: "direct", profile: ["pci_slot": "0000:81:02.1", "trusted": "true"])
        port.portSecurityEnabled = false
        let plan = HostPlanner.plan(HostDesiredState(host: "h1", ports: [port]), facts: Self.facts)
        let vf = try #require(plan.virtualFunctions.first)
        #expect(vf.id == VFID(pf: "ens1f0", vf: 1))
        #expect(vf.settings == VFSettings(mac: port.macAddress, vlan: 101, spoofChecking: false, trust: true, linkState: .enable))
        #expect(plan.links.isEmpty && plan.unplannable.isEmpty)
    }

    @Test func macvtapVnicAlsoGetsAPassthroughMacvtapOnTheVFNetdev() {
        let port = Self.port("p2", vif: "hw_veb", vnic: "macvtap", profile: ["pci_slot": "0000:81:02.0"])
        let plan = HostPlanner.plan(HostDesiredState(host: "h1", ports: [port]), facts: Self.facts)
        #expect(plan.virtualFunctions.map(\.id) == [VFID(pf: "ens1f0", vf: 0)])
        #expect(plan.links == [L2PortIntent(portID: "p2", kind: .macvtap(source: "ens1f0v0", mode: "passthrough", mac: port.macAddress))])
    }

    @Test func aPortProfileOnAMacvtapVFLeavesTheMacvtapToLibvirt() {
        let port = Self.port("p2", vif: "hw_veb", vnic: "macvtap", details: ["profileid": "gold"], profile: ["pci_slot": "0000:81:02.0"])
        let plan = HostPlanner.plan(HostDesiredState(host: "h1", ports: [port]), facts: Self.facts)
        #expect(plan.virtualFunctions.map(\.id) == [VFID(pf: "ens1f0", vf: 0)])
        #expect(plan.links.isEmpty, "one owner: libvirt's direct interface creates this macvtap")
    }

    /// A guest waits for its taps and macvtaps: it is handed to the guest reconciler (defined
    /// and started) only once the links pass made every one of its link ports ready.
    @Test func aGuestStartsOnlyOnceItsTapsAndMacvtapsAreWired() {
        var tap = Self.port("p3", vif: "bridge", details: ["bridge_name": "pbr-physnet1"])
        var macvtap = Self.port("p7", vif: "macvtap", segment: Segment(networkType: .flat, physicalNetwork: "physnet2"),
                                details: ["macvtap_source": "eth2", "macvtap_mode": "bridge"])
        var direct = Self.port("p8", vif: "hw_veb", vnic: "direct", profile: ["pci_slot": "0000:81:02.1"])
        (tap.deviceId, macvtap.deviceId, direct.deviceId) = ("S-ONE", "s-one", "s-two")
        let guests = [AssignedGuest(serverId: "s-one", name: "patchbay-1", domainXML: "<domain/>", awaitingStart: true),
                      AssignedGuest(serverId: "s-two", name: "patchbay-2", domainXML: "<domain/>", awaitingStart: true)]
        let plan = HostPlanner.plan(HostDesiredState(host: "h1", ports: [tap, macvtap, direct], guests: guests), facts: Self.facts)
        #expect(plan.guestLinkPorts == ["s-one": ["p3", "p7"]])
        #expect(plan.guestsAwaitingLinks(readyPorts: ["p3"]) == ["s-one"])
        #expect(plan.guestsToConverge(readyPorts: ["p3"], defined: []).map(\.uuid) == ["s-two"])
        #expect(plan.guestsToConverge(readyPorts: ["p3", "p7"], defined: []).map(\.uuid) == ["s-one", "s-two"])
        #expect(plan.guestsToConverge(readyPorts: [], defined: ["s-one"]).map(\.uuid) == ["s-one", "s-two"],
                "a defined guest stays desired, so it is not taken for a stale domain")
    }

    @Test func bridgePortsLandOnThePhysnetBridgeOrTheirVNIBridge() {
        let vlan = Self.port("p3", vif: "bridge", details: ["bridge_name": "pbr-physnet1"])
        let flat = Self.port("p4", vif: "bridge", segment: Segment(networkType: .flat, physicalNetwork: "physnet1"),
                             details: ["bridge_name": "pbr-physnet1"])
        let vxlan = Self.port("p5", vif: "bridge", segment: Segment(networkType: .vxlan, segmentationId: 1001),
                              details: ["bridge_name": "pbvx-1001"], network: "net-x")
        let desired = HostDesiredState(host: "h1", ports: [vlan, flat, vxlan], tunnelPeers: ["net-x": ["192.0.2.2"]])
        let plan = HostPlanner.plan(desired, facts: Self.facts)
        #expect(plan.links == [
            L2PortIntent(portID: "p3", kind: .bridged(bridge: "pbr-physnet1", uplink: "uplink", vlan: 101)),
            L2PortIntent(portID: "p4", kind: .bridged(bridge: "pbr-physnet1", uplink: "uplink", vlan: nil)),
            L2PortIntent(portID: "p5", kind: .vxlan(bridge: "pbvx-1001", vni: 1001, localIP: "192.0.2.1", underlay: nil,
                                                    peers: ["192.0.2.2"])),
        ])
    }

    @Test func aGuestWhoseDomainNamesAPortTheStateLacksWaits_Fails() {
        var tap = Self.port("p3", vif: "bridge", details: ["bridge_name": "pbr-physnet1"])
        tap.deviceId = "s-one"
        let xml = { (macs: [String]) in
            "<domain><devices>" + macs.map { "<interface type='ethernet'><mac address='\($0)'/></interface>" }.joined()
                + "</devices></domain>"
        }
        let guest = { (macs: [String]) in [AssignedGuest(serverId: "s-one", name: "patchbay-1", domainXML: xml(macs), awaitingStart: true)] }
        let complete = HostPlanner.plan(HostDesiredState(host: "h1", ports: [tap], guests: guest([tap.macAddress])), facts: Self.facts)
        #expect(complete.guestsToConverge(readyPorts: ["p3"], defined: []).map(\.uuid) == ["s-one"])
        // The domain also names fa:16:3e:99:99:99, whose port this state does not list yet.
        let partial = HostPlanner.plan(HostDesiredState(host: "h1", ports: [tap], guests: guest([tap.macAddress, "fa:16:3e:99:99:99"])),
                                       facts: Self.facts)
        #expect(partial.guestsWithUnlistedNICs == ["s-one"])
        #expect(partial.guestsToConverge(readyPorts: ["p3"], defined: []).isEmpty, "it waits for its other port")
        #expect(partial.guestsToConverge(readyPorts: ["p3"], defined: ["s-one"]).map(\.uuid) == ["s-one"],
                "a defined guest stays desired")
    }

    @Test func guestsBecomeDesiredGuestsAndOtherVifTypesNeedOnlyTheGuest() {
        let pf = Self.port("p6", vif: "hostdev_physical", vnic: "direct-physical", profile: ["pci_slot": "0000:81:00.0"])
        let guest = AssignedGuest(serverId: "s1", name: "patchbay-s1", domainXML: "<domain/>", awaitingStart: true)
        let plan = HostPlanner.plan(HostDesiredState(host: "h1", ports: [pf], guests: [guest]), facts: Self.facts)
        #expect(plan.guests == [DesiredGuest(uuid: "s1", name: "patchbay-s1", domainXML: "<domain/>")])
        #expect(plan.virtualFunctions.isEmpty && plan.links.isEmpty && plan.unplannable.isEmpty)
    }

    @Test(arguments: [
        (HostPlannerTests.port("a", vif: "hw_veb", vnic: "direct"), "binding:profile has no pci_slot"),
        (HostPlannerTests.port("b", vif: "hw_veb", vnic: "direct", profile: ["pci_slot": "0000:99:00.1"]), "PCI device 0000:99:00.1 is not on this host"),
        (HostPlannerTests.port("c", vif: "hw_veb", vnic: "direct", profile: ["pci_slot": "0000:81:00.0"]), "PCI device 0000:81:00.0 is not a VF with a PF netdev"),
        (HostPlannerTests.port("d", vif: "bridge", segment: Segment(networkType: .vlan, physicalNetwork: "physnet9", segmentationId: 5),
                               details: ["bridge_name": "pbr-physnet9"]), "physnet physnet9 is not in bridge_mappings"),
        (HostPlannerTests.port("e", vif: "bridge"), "vif_details lack bridge_name"),
        (HostPlannerTests.port("f", vif: "macvtap", details: ["macvtap_source": "eth1"]), "vif_details lack macvtap_source or macvtap_mode"),
    ])
    func portsThatCannotBeWiredNameTheReason_Fails(port: HostPort, reason: String) {
        let plan = HostPlanner.plan(HostDesiredState(host: "h1", ports: [port]), facts: Self.facts)
        #expect(plan.unplannable == [port.id: reason])
        #expect(plan.virtualFunctions.isEmpty && plan.links.isEmpty)
    }

    @Test func vxlanWithoutALocalEndpointIsRefused_Fails() {
        var facts = Self.facts
        facts.tunnelingIP = nil
        let port = Self.port("g", vif: "bridge", segment: Segment(networkType: .vxlan, segmentationId: 1001),
                             details: ["bridge_name": "pbvx-1001"])
        let plan = HostPlanner.plan(HostDesiredState(host: "h1", ports: [port]), facts: facts)
        #expect(plan.unplannable["g"] == "vxlan needs vxlan.local_ip in the agent config")
    }

    @Test func statusDiffReportsOnlyWhatTheServerDoesNotShowYet() {
        var active = Self.port("a1", vif: "bridge")
        active.status = "ACTIVE"
        let down = Self.port("d1", vif: "bridge")
        var adminDown = Self.port("x1", vif: "bridge")
        adminDown.adminStateUp = false
        adminDown.status = "ACTIVE"
        let ports = [active, down, adminDown]
        #expect(PortStatusDiff.changes(ports: ports, wired: ["a1", "d1", "x1"]) == (["d1"], ["x1"]))
        #expect(PortStatusDiff.changes(ports: ports, wired: []) == ([], ["a1", "x1"]))
        #expect(PortStatusDiff.changes(ports: [active], wired: ["a1"]) == ([], []))
    }

    @Test func desiredStateSurvivesItsWireFormAndItsRevisionTracksContent() throws {
        let port = Self.port("p1", vif: "hw_veb", vnic: "direct", profile: ["pci_slot": "0000:81:02.1"])
        let state = HostDesiredState(host: "h1", ports: [port], guests: [
            AssignedGuest(serverId: "s1", name: "patchbay-s1", domainXML: "<domain/>", awaitingStart: true)],
            tunnelPeers: ["n": ["192.0.2.9", "192.0.2.2"]])
        #expect(try HostDesiredState(json: state.json) == state)
        var changed = state
        changed.ports[0].status = "ACTIVE"
        #expect(changed.revision != state.revision)
        #expect(HostDesiredState(host: "h1", ports: [port]).revision == HostDesiredState(host: "h1", ports: [port]).revision)
        #expect(throws: PatchbayError.self) { try HostDesiredState(json: ["ports": []]) }
    }
}
