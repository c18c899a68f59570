import PatchbayCore
import Testing

@Suite("L2Reconciler plans bridges, VXLAN devices, taps and macvtaps")
struct L2ReconcilerTests {
    typealias N = L2Names

    static let cases: [L2PlanCase] = bridgedCases + vxlanCases + macvtapCases + staleCases

    @Test(arguments: cases)
    func plansExactlyTheseActions(_ row: L2PlanCase) {
        let plan = L2Reconciler.plan(intents: row.intents, actual: row.actual)
        #expect(plan.actions == row.actions)
        #expect(plan.readyPorts == row.ready)
    }

    @Test(arguments: cases.filter(\.settles))
    func planningAgainAfterThePlanDoesNothing(_ row: L2PlanCase) {
        let first = L2Reconciler.plan(intents: row.intents, actual: row.actual)
        let second = L2Reconciler.plan(intents: row.intents, actual: row.actual.applying(first.actions))
        #expect(second.actions == [])
        #expect(second.readyPorts == first.readyPorts)
    }

    /// No tap joins a bridge before it carries its programs: in every plan, a tap's access VLAN
    /// (when it needs one) is set before the tap is enslaved, and a tap is created before either.
    @Test(arguments: cases)
    func aTapIsCreatedAndFilteredBeforeItJoinsItsBridge(_ row: L2PlanCase) {
        let plan = L2Reconciler.plan(intents: row.intents, actual: row.actual)
        for intent in row.intents {
            let tap = intent.deviceName
            guard let joins = plan.actions.firstIndex(where: { $0 == .enslave(device: tap, bridge: $0.bridge ?? "") }) else { continue }
            if intent.accessVLAN != .none, row.actual.accessVLAN(of: tap) != intent.accessVLAN {
                let filtered = plan.actions.firstIndex(of: .setAccessVLAN(device: tap, vlan: intent.accessVLAN))
                #expect(filtered.map { $0 < joins } == true, "\(tap) joins its bridge unfiltered: \(plan.actions)")
            }
            if let created = plan.actions.firstIndex(of: .createTap(tap)) { #expect(created < joins) }
        }
    }

    @Test func duplicatePortIDsKeepTheFirst() {
        let actual = HostLinkState(links: N.wiredPhysnet + [N.tap(N.tap1, master: N.physnet, up: true)])
        let plan = L2Reconciler.plan(intents: [N.vlan(N.p1, 101), N.vlan(N.p1, 102)], actual: actual)
        #expect(plan.actions == [.setAccessVLAN(device: N.tap1, vlan: .vlan(101))])
    }

    @Test func intentDerivesDeviceNamesAndAccessVLANs() {
        #expect(N.vlan(N.p1, 101).deviceName == "tapaaaaaaaa-11")
        #expect(N.macvtap(N.p1).deviceName == "mvtaaaaaaaa-11")
        #expect(N.vlan(N.p1, 101).accessVLAN == .vlan(101))
        #expect(N.vlan(N.p1, nil).accessVLAN == .flat)
        #expect(N.vxlan(N.p1, peers: []).accessVLAN == AccessVLAN.none)
        #expect(L2PortIntent.tapName(portID: N.p1) == GuestInterface(portId: N.p1, macAddress: "", vifType: "bridge").tapName)
        #expect(GuestInterface(portId: N.p1, macAddress: "", vifType: "bridge").agentDevice == .tap(N.tap1))
        #expect(GuestInterface(portId: N.p1, macAddress: "", vifType: "macvtap").agentDevice == .macvtap(N.mvt1))
    }

    @Test func actionsDescribeThemselves() {
        #expect("\(L2Action.createMacvtap(name: "mvt1", source: "eth9", mode: "bridge", mac: "fa:16:3e:00:00:01"))"
            == "create macvtap mvt1 on eth9 (mode bridge, mac fa:16:3e:00:00:01)")
        #expect("\(L2Action.setAccessVLAN(device: "tap1", vlan: .vlan(101)))" == "set access vlan of tap1 to vlan 101")
        #expect("\(L2Action.createTap("tap1"))" == "create tap tap1" && L2Action.createTap("tap1").device == "tap1")
        #expect(L2Action.enslave(device: "tap1", bridge: "br").device == "tap1")
    }
}

extension L2Action {
    /// The bridge of an `enslave`, nil for other actions.
    var bridge: String? {
        if case .enslave(_, let bridge) = self { bridge } else { nil }
    }
}
