import PatchbayCore
import PatchbayTesting
import Testing

@Suite("Diffing wanted tc rules against those present")
struct TCRuleDiffTests {
    static let both = MirrorRule(source: "tapA", direction: .both, target: "tapM").tcRules
    static let inline = InlineRule(source: "tapA", direction: .out, guestSide: "tapP", networkSide: "tapR")

    @Test func convergingTwiceChangesNothingTheSecondTime() throws {
        let host = InMemoryPortMirroring(devices: ["tapA", "tapM"])
        let first = try host.converge(Self.both)
        #expect(first == [TCDeviceChange(device: "tapA", additions: [PlacedTCRule(Self.both[0], pref: 0xC000),
                                                                       PlacedTCRule(Self.both[1], pref: 0xC000)])])
        #expect(try host.converge(Self.both).isEmpty)
        #expect(host.batchCount == 1, "one batch per device change")
    }

    @Test func mirrorsStayAheadOfRedirectsAndEachDeviceGetsOneBatch() throws {
        let host = InMemoryPortMirroring(devices: ["tapA", "tapM", "tapP", "tapR"])
        try host.converge(Self.both + Self.inline.tcRules(bumpUp: true))
        let prefs = try host.installedRules(on: "tapA").map(\.pref)
        #expect(prefs == [0xC000, 0xC800, 0xC000])
        #expect(host.batchCount == 2)
    }

    @Test func aRuleNoLongerWantedIsRemovedByItsPrefAndOthersStay() throws {
        let host = InMemoryPortMirroring(devices: ["tapA", "tapM", "tapN"])
        let second = MirrorRule(source: "tapA", direction: .in, target: "tapN").tcRules
        try host.converge(Self.both + second)
        let changes = try host.converge(second, devices: ["tapA"])
        #expect(changes.map(\.removals.count) == [2])
        #expect(changes.map(\.additions.count) == [0])
        #expect(host.rules(on: "tapA") == second)
        try host.converge([], devices: ["tapA"])
        #expect(host.rules(on: "tapA").isEmpty)
    }

    @Test func failingClosedReplacesTheRedirectsWithADrop() throws {
        var rule = Self.inline
        rule.failMode = .closed
        let host = InMemoryPortMirroring(devices: ["tapA", "tapP", "tapR"])
        try host.converge(rule.tcRules(bumpUp: true))
        try host.converge(rule.tcRules(bumpUp: false), devices: ["tapA", "tapP", "tapR"])
        #expect(host.rules(on: "tapA") == [TCRule(device: "tapA", hook: .ingress, match: .all, action: .drop)])
        #expect(host.rules(on: "tapR").isEmpty)
    }

    @Test func aMissingTargetDevice_Fails() {
        let host = InMemoryPortMirroring(devices: ["tapA"])
        #expect(throws: PatchbayError.self) { try host.converge(Self.both) }
        #expect(host.rules(on: "tapA").isEmpty, "a failed batch changes nothing")
    }
}
