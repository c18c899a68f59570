import NetnsTesting
import PatchbayCore
import Testing

@Suite("The teardown guard counts only managed guests that are neither desired nor retiring")
struct TeardownGuardTests {
    static func domain(_ index: Int, managed: Bool = true) -> GuestDomainState {
        let uuid = "00000000-0000-4000-8000-\(String(repeating: "0", count: 11))\(index)"
        return GuestDomainState(name: managed ? DomainNaming.name(for: "\(index)") + "x" : "operator-\(index)", uuid: uuid, isActive: true)
    }

    static func desired(_ indexes: [Int]) -> [DesiredGuest] {
        indexes.map { DesiredGuest(uuid: domain($0).uuid.uppercased(), name: domain($0).name, domainXML: "<domain/>") }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var actual: [GuestDomainState]
        var desired: [Int] = []
        var retiring: [Int] = []
        var limit = 5
        var overridden = false
        var refused: Int?
        var testDescription: String { "\(actual.count) domains, limit \(limit), refused \(refused.map(String.init) ?? "no")" }
    }

    static let managed: [GuestDomainState] = (0..<9).map { domain($0) }
    static let unmanaged: [GuestDomainState] = (10..<13).map { domain($0, managed: false) }

    @Test(arguments: [
        Case(actual: Array(managed.prefix(6)), refused: 6),
        Case(actual: Array(managed.prefix(5))),
        Case(actual: Array(managed.prefix(8)), desired: [0, 1], refused: 6),
        Case(actual: Array(managed.prefix(8)), desired: [0, 1], retiring: [2]),
        Case(actual: Array(managed.prefix(7)) + unmanaged, retiring: [0, 1], limit: 4, refused: 5),
        Case(actual: unmanaged, limit: 0),
        Case(actual: Array(managed.prefix(6)), overridden: true),
        Case(actual: [managed[0]], limit: 0, refused: 1),
    ])
    func refusesMoreUnexplainedTeardownsThanTheLimit_Fails(_ test: Case) {
        let guardrail = GuestTeardownGuard(limit: test.limit, overridden: test.overridden)
        let refusal = guardrail.refusal(desired: Self.desired(test.desired),
                                        retiring: test.retiring.map { Self.domain($0).uuid.uppercased() }, actual: test.actual)
        #expect(refusal?.domains.count == test.refused)
        if let refusal {
            #expect(refusal.domains.allSatisfy { $0.hasPrefix(DomainNaming.prefix) })
            #expect("\(refusal)".contains("\(refusal.domains.count) guests") && "\(refusal)".contains("--allow-teardown"))
        }
    }

    @Test func retiringServersAreAbsentOnceNoDomainOfThemIsLeft() {
        let actual = [Self.domain(1), Self.domain(2)]
        let retiring = [Self.domain(1).uuid.uppercased(), Self.domain(2).uuid, Self.domain(3).uuid]
        let performed: [GuestAction] = [.destroy(uuid: Self.domain(1).uuid, name: "a"), .undefine(uuid: Self.domain(1).uuid, name: "a"),
                                        .destroy(uuid: Self.domain(2).uuid, name: "b")]
        #expect(GuestReconciler.absent(retiring: retiring, actual: actual, performed: performed)
                == [Self.domain(1).uuid.uppercased(), Self.domain(3).uuid])
    }

    @Test func teardownAndBringUpSplitTheReconcilersActions() {
        let actions = GuestReconciler.actions(desired: Self.desired([1]), actual: [Self.domain(0)])
        #expect(actions.filter(\.isTeardown).map(\.uuid) == [Self.domain(0).uuid, Self.domain(0).uuid])
        #expect(actions.filter { !$0.isTeardown }.count == 2)
    }

    @Test(arguments: [(true, false, Requirement.Outcome.run), (true, true, .run), (false, false, .skip), (false, true, .fail)])
    func aMissingRequirementSkipsOutsideCIAndFailsInside_Fails(met: Bool, underCI: Bool, outcome: Requirement.Outcome) {
        #expect(Requirement.outcome(met: met, underCI: underCI) == outcome)
    }
}
