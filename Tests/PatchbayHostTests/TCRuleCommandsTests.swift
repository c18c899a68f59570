import PatchbayCore
import PatchbayHost
import Testing

@Suite("tc batch lines and listings of Patchbay's mirror filters")
struct TCRuleCommandsTests {
    static func path(_ program: MirrorProgram) -> String { "/run/pins/" + program.pinName }

    @Test func oneBatchDeletesThenAddsWithCookiesAndContinuingMirrors() throws {
        let mirror = TCRule(device: "tapA", hook: .ingress, match: .all, action: .mirror(to: "tapM", at: .egress))
        let vlans = TCRule(device: "tapA", hook: .egress, match: .vlans(VLANRanges(parsing: "5")!),
                           action: .mirror(to: "macvtap2", at: .ingress))
        let drop = TCRule(device: "tapA", hook: .ingress, match: .all, action: .drop)
        let change = TCDeviceChange(device: "tapA", removals: [InstalledTCRule(device: "tapA", hook: .egress, pref: 0xC001, key: "x")],
                                    additions: [PlacedTCRule(mirror, pref: 0xC000), PlacedTCRule(vlans, pref: 0xC000),
                                                PlacedTCRule(drop, pref: 0xC800)])
        let lines = try TCRuleCommands.batch(change) { Self.path($0) }.map { $0.joined(separator: " ") }
        #expect(lines == [
            "filter del dev tapA egress pref 49153",
            "qdisc replace dev tapA clsact",
            "filter add dev tapA ingress pref 49152 protocol all bpf object-pinned /run/pins/everything action mirred egress mirror dev tapM continue cookie \(mirror.key)",
            "filter add dev tapA egress pref 49152 protocol all bpf object-pinned \(Self.path(.vlans(VLANRanges(parsing: "5")!))) action mirred ingress mirror dev macvtap2 continue cookie \(vlans.key)",
            "filter add dev tapA ingress pref 51200 protocol all bpf da object-pinned /run/pins/shot",
        ])
    }

    @Test func onlyFiltersInTheOwnedPrefsAreListedByCookieOrProgram() throws {
        let json = """
        [{"protocol":"all","pref":1,"kind":"bpf","chain":0,"options":{"handle":"0x1","prog":{"name":"pb_push_101"}}},
         {"protocol":"all","pref":49152,"kind":"bpf","chain":0},
         {"protocol":"all","pref":49152,"kind":"bpf","chain":0,"options":{"handle":"0x1","prog":{"name":"pb_everything"},"actions":[{"order":1,"kind":"mirred","cookie":"7062abcd"}]}},
         {"protocol":"all","pref":51200,"kind":"bpf","chain":0,"options":{"handle":"0x1","prog":{"name":"pb_shot"}}}]
        """
        #expect(try TCRuleCommands.parse(json, device: "tapA", hook: .ingress) == [
            InstalledTCRule(device: "tapA", hook: .ingress, pref: 0xC000, key: "7062abcd"),
            InstalledTCRule(device: "tapA", hook: .ingress, pref: 0xC800, key: "pb_shot"),
        ])
        #expect(try TCRuleCommands.parse("", device: "tapA", hook: .egress).isEmpty)
    }

    @Test func theAccessPortLogicIgnoresMirrorFilters() {
        let access = TCFilter(pref: 1, kind: "bpf", handle: "0x1", programName: "pb_untagged")
        let mirror = TCFilter(pref: 0xC000, kind: "u32", handle: "800::800")
        #expect(TCFilter.accessVLAN(ingress: [access, mirror], egress: [access]) == .flat)
        let commands = IPCommandLinks.accessVLANCommands(device: "tapA", paths: nil, ingress: [access, mirror], egress: [access])
        #expect(commands.map(\.description) == ["tc filter del dev tapA egress pref 1", "tc filter del dev tapA ingress pref 1"])
    }

    @Test func vlanProgramsNameTheirRangesWithinFifteenBytes() {
        let program = MirrorProgram.vlans(VLANRanges(parsing: "1-4094")!)
        #expect(program.programName.utf8.count == 15 && program.programName.hasPrefix("pb_v_"))
        #expect(program.instructions.count == 4 + 3 + 4)
    }
}
