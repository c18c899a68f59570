import PatchbayCore
import Testing

@Suite("Bump in the wire: redirects and fail modes")
struct InlineRuleTests {
    @Test func upTheSourcesTrafficGoesThroughTheBumpAndComesBackMarked() {
        let rule = InlineRule(source: "tapA", direction: .both, guestSide: "tapP", networkSide: "tapR")
        #expect(rule.tcRules(bumpUp: true) == [
            TCRule(device: "tapA", hook: .ingress, match: .unmarked, action: .redirect(to: "tapP", at: .egress)),
            TCRule(device: "tapR", hook: .ingress, match: .marking, action: .redirect(to: "tapA", at: .ingress)),
            TCRule(device: "tapA", hook: .egress, match: .unmarked, action: .redirect(to: "tapR", at: .egress)),
            TCRule(device: "tapP", hook: .ingress, match: .marking, action: .redirect(to: "tapA", at: .egress)),
        ])
    }

    @Test func onAMacvtapTheGuestsOutputIsItsEgress() {
        let rule = InlineRule(source: "macvtap1", sourceKind: .macvtap, direction: .out, guestSide: "tapP", networkSide: "tapR")
        #expect(rule.tcRules(bumpUp: true) == [
            TCRule(device: "macvtap1", hook: .egress, match: .unmarked, action: .redirect(to: "tapP", at: .egress)),
            TCRule(device: "tapR", hook: .ingress, match: .marking, action: .redirect(to: "macvtap1", at: .egress)),
        ])
    }

    @Test(arguments: [
        (InlineRule.FailMode.open, TapDirection.both, [TCHook]()),
        (.closed, .both, [.ingress, .egress]),
        (.closed, .in, [.egress]),
    ])
    func downTheBumpIsBypassedOrTheTrafficDropped(mode: InlineRule.FailMode, direction: TapDirection, drops: [TCHook]) {
        let rule = InlineRule(source: "tapA", direction: direction, guestSide: "tapP", networkSide: "tapR", failMode: mode)
        #expect(rule.tcRules(bumpUp: false) == drops.map { TCRule(device: "tapA", hook: $0, match: .all, action: .drop) })
    }

    @Test func failingOpenIsTheDefault() {
        #expect(InlineRule(source: "a", direction: .in, guestSide: "p", networkSide: "r").failMode == .open)
    }
}
