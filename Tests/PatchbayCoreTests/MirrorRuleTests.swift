import PatchbayCore
import Testing

@Suite("Mirror rules: hooks, directions and VLAN filters")
struct MirrorRuleTests {
    static let ranges = VLANRanges(parsing: "10,20-30")!

    @Test(arguments: [
        (TapDeviceKind.tap, TapDirection.out, [TCHook.ingress]),
        (.tap, .in, [.egress]),
        (.tap, .both, [.ingress, .egress]),
        (.macvtap, .out, [.egress]),
        (.macvtap, .in, [.ingress]),
    ])
    func eachDirectionIsMirroredAtTheHookWhereTheGuestsTrafficCrossesTC(kind: TapDeviceKind, direction: TapDirection,
                                                                          hooks: [TCHook]) {
        let rule = MirrorRule(source: "tapA", sourceKind: kind, direction: direction, target: "tapM")
        #expect(rule.tcRules.map(\.hook) == hooks)
        #expect(rule.tcRules.allSatisfy { $0.action == .mirror(to: "tapM", at: .egress) && $0.match == .all })
    }

    @Test func aMacvtapMonitorIsHandedCopiesAtItsIngressSoTheyReachTheGuestsQueue() {
        let rule = MirrorRule(source: "tapA", direction: .out, target: "macvtap3", targetKind: .macvtap)
        #expect(rule.tcRules == [TCRule(device: "tapA", hook: .ingress, match: .all,
                                        action: .mirror(to: "macvtap3", at: .ingress))])
    }

    @Test(arguments: [
        (nil as String?, nil as Int?, TCRule.Match.all as TCRule.Match?),
        ("10,20-30", 25, .all),
        ("10,20-30", 11, nil),
        ("10,20-30", nil, .vlans(ranges)),
    ])
    func theVLANFilterMatchesTagsOrDecidesByTheAccessSegment(filter: String?, segment: Int?, match: TCRule.Match?) {
        let rule = MirrorRule(source: "tapA", direction: .both, vlanFilter: filter.flatMap(VLANRanges.init(parsing:)),
                              sourceSegmentVID: segment, target: "tapM")
        #expect(rule.vlanMatch == match)
        #expect(rule.tcRules.count == (match == nil ? 0 : 2))
    }

    @Test func theMonitorsHostDeliversFromTheVXLANDeviceOnce() {
        #expect(MirrorRule.remoteDelivery(vxlan: "pbtap77", target: "macvtap3", targetKind: .macvtap)
            == TCRule(device: "pbtap77", hook: .ingress, match: .all, action: .redirect(to: "macvtap3", at: .ingress)))
    }

    @Test func theTapTunnelIsAPatchbayOwnedVXLANDeviceNamedByItsVNI() {
        let tunnel = TapTunnel(vni: 16_000_000, localIP: "192.0.2.1", remoteIP: "192.0.2.2", underlay: "uplink0")
        #expect(tunnel.deviceName == "pbtap16000000" && tunnel.deviceName.utf8.count <= 15)
        #expect(tunnel.ipLinkAddArguments.joined(separator: " ") == "link add pbtap16000000 type vxlan id 16000000 "
            + "local 192.0.2.1 remote 192.0.2.2 dstport 4789 dev uplink0")
    }

    @Test func rulesAreKeyedByTheirContentAndPlacedInTheirBand() {
        let mirror = MirrorRule(source: "tapA", direction: .in, target: "tapM").tcRules[0]
        #expect(mirror.key.hasPrefix("7062") && mirror.key.count == 20)
        #expect(mirror.key != MirrorRule(source: "tapA", direction: .in, target: "tapN").tcRules[0].key)
        #expect(mirror.prefs == TCRule.mirrorPrefs)
        #expect(TCRule(device: "t", hook: .ingress, match: .all, action: .drop).key == "pb_shot")
    }

    @Test(arguments: [("5", "5"), ("20-30,10,11", "10-11,20-30"), ("1-4094", "1-4094"), ("7-9,8-12", "7-12")])
    func vlanFiltersParse(text: String, canonical: String) {
        #expect(VLANRanges(parsing: text)?.description == canonical)
    }

    @Test(arguments: ["", "0", "4095", "9-3", "5000", "a", "1-2-3", "3,"])
    func vlanFiltersOutsideTheRange_Fail(text: String) {
        #expect(VLANRanges(parsing: text) == nil)
    }
}
