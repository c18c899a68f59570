import PatchbayCore
import Testing

@Suite("GuestReconciler: desired guests and actual domains in, actions out")
struct GuestReconcilerTests {
    static let a = "aaaaaaaa-0000-4000-8000-000000000001"
    static let b = "bbbbbbbb-0000-4000-8000-000000000002"
    static let c = "cccccccc-0000-4000-8000-000000000003"
    static let builtInTest = GuestDomainState(name: "test", uuid: "6695eb01-f6a4-8304-79aa-97f2502e193f", isActive: true)

    static func want(_ uuid: String, _ name: String? = nil) -> DesiredGuest {
        DesiredGuest(uuid: uuid, name: name ?? "patchbay-\(uuid.prefix(8).lowercased())", domainXML: "<domain>\(uuid)</domain>")
    }
    static func have(_ uuid: String, active: Bool, name: String? = nil) -> GuestDomainState {
        GuestDomainState(name: name ?? "patchbay-\(uuid.prefix(8).lowercased())", uuid: uuid, isActive: active)
    }
    static func define(_ uuid: String) -> [GuestAction] {
        let guest = want(uuid)
        return [.define(uuid: uuid.lowercased(), name: guest.name, xml: guest.domainXML),
                .start(uuid: uuid.lowercased(), name: guest.name)]
    }
    static func start(_ uuid: String) -> GuestAction { .start(uuid: uuid.lowercased(), name: want(uuid).name) }
    static func remove(_ uuid: String, active: Bool) -> [GuestAction] {
        let name = want(uuid).name
        return (active ? [.destroy(uuid: uuid, name: name)] : []) + [.undefine(uuid: uuid, name: name)]
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var desired: [DesiredGuest]
        var actual: [GuestDomainState]
        var expected: [GuestAction]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "nothing wanted, nothing there", desired: [], actual: [], expected: []),
        Case(name: "absent guest is defined then started", desired: [want(a)], actual: [], expected: define(a)),
        Case(name: "defined but stopped guest is started", desired: [want(a)], actual: [have(a, active: false)],
             expected: [start(a)]),
        Case(name: "running guest needs nothing", desired: [want(a)], actual: [have(a, active: true)], expected: []),
        Case(name: "unwanted running managed domain is destroyed then undefined", desired: [],
             actual: [have(a, active: true)], expected: remove(a, active: true)),
        Case(name: "unwanted stopped managed domain is only undefined", desired: [],
             actual: [have(a, active: false)], expected: remove(a, active: false)),
        Case(name: "domains without the prefix are never touched", desired: [],
             actual: [builtInTest, have(a, active: false, name: "instance-0000002a"),
                      have(b, active: true, name: "Patchbay-upper")], expected: []),
        Case(name: "desired uppercase UUID matches a lowercase running domain", desired: [want(a.uppercased())],
             actual: [have(a, active: true)], expected: []),
        Case(name: "desired uppercase UUID of a stopped domain starts it by lowercase UUID",
             desired: [want(a.uppercased())], actual: [have(a, active: false)], expected: [start(a)]),
        Case(name: "absent uppercase UUID is defined in lowercase", desired: [want(a.uppercased())], actual: [],
             expected: define(a.uppercased())),
        Case(name: "a UUID desired twice keeps its first entry",
             desired: [want(a), want(a.uppercased(), "patchbay-second")], actual: [], expected: define(a)),
        Case(name: "removals come first, then desired guests, each in UUID order",
             desired: [want(c), want(a)], actual: [have(b, active: true), builtInTest, have(c, active: false)],
             expected: remove(b, active: true) + define(a) + [start(c)]),
    ]

    @Test(arguments: cases)
    func plans(_ example: Case) {
        #expect(GuestReconciler.actions(desired: example.desired, actual: example.actual) == example.expected)
    }

    @Test func orderDoesNotDependOnInputOrder() {
        let desired = [Self.want(Self.c), Self.want(Self.a), Self.want(Self.b)]
        let actual = [Self.have("dddddddd-0000-4000-8000-000000000004", active: false),
                      Self.have("00000000-0000-4000-8000-000000000000", active: true), Self.have(Self.b, active: false)]
        let expected = GuestReconciler.actions(desired: desired, actual: actual)
        for _ in 0..<20 {
            #expect(GuestReconciler.actions(desired: desired.shuffled(), actual: actual.shuffled()) == expected)
        }
        #expect(expected.map(\.uuid.first) == ["0", "0", "d", "a", "a", "b", "c", "c"])
    }

    @Test func domainStateStoresLowercaseUUID() {
        #expect(GuestDomainState(name: "x", uuid: Self.a.uppercased(), isActive: true).uuid == Self.a)
    }

    @Test func hypervisorErrorsCarryStableCodes() {
        let unavailable = PatchbayError.hypervisorUnavailable(uri: "qemu:///system", reason: "Failed to connect socket")
        #expect(unavailable.code == "host.hypervisor_unavailable")
        #expect(unavailable.category.httpStatus == 503)
        #expect(unavailable.message == "Hypervisor qemu:///system is unavailable: Failed to connect socket")
        let failed = PatchbayError.hypervisorFailed(operation: "start", domain: "patchbay-a", reason: "boom")
        #expect(failed.code == "host.hypervisor_failed")
        #expect(failed.category.httpStatus == 500)
        #expect(failed.message == "libvirt start failed for domain patchbay-a: boom")
    }
}
