import PatchbayCore
import PatchbayHost
import Testing

extension LibvirtHypervisorTests {
    /// `GuestActionExecutor` over the real `test:///default`; nested so it runs serialized.
    @Suite struct Executor {
        let hypervisor: LibvirtHypervisor
        let executor: GuestActionExecutor<LibvirtHypervisor>

        init() throws {
            hypervisor = try LibvirtHypervisor(uri: LibvirtTestGuest.uri)
            executor = GuestActionExecutor(hypervisor: hypervisor)
        }

        /// The built-in `test` domain, which no pass may touch.
        func builtIn() throws -> GuestDomainState? {
            try hypervisor.domains().first { $0.name == "test" }
        }

        @Test func convergesThenSecondPassDoesNothing() throws {
            let fresh = try LibvirtTestGuest(), stopped = try LibvirtTestGuest()
            defer { [fresh, stopped].forEach { $0.remove(from: hypervisor) } }
            _ = try hypervisor.define(xml: stopped.xml)
            let testDomain = try #require(try builtIn())

            let first = try executor.reconcile([fresh.desired, stopped.desired])
            #expect(first.failed.isEmpty)
            #expect(Set(first.performed) == [.define(uuid: fresh.uuid, name: fresh.name, xml: fresh.xml),
                                             .start(uuid: fresh.uuid, name: fresh.name),
                                             .start(uuid: stopped.uuid, name: stopped.name)])
            #expect(first.running == [fresh.uuid, stopped.uuid])
            #expect(try fresh.state(in: hypervisor)?.isActive == true)
            #expect(try stopped.state(in: hypervisor)?.isActive == true)

            let second = try executor.reconcile([stopped.desired, fresh.desired])
            #expect(second == GuestReconcileResult(running: [fresh.uuid, stopped.uuid]))
            #expect(try builtIn() == testDomain)
        }

        @Test func removedGuestIsDestroyedAndUndefined() throws {
            let kept = try LibvirtTestGuest(), removed = try LibvirtTestGuest()
            defer { [kept, removed].forEach { $0.remove(from: hypervisor) } }
            _ = try executor.reconcile([kept.desired, removed.desired])
            let testDomain = try #require(try builtIn())

            let result = try executor.reconcile([kept.desired])
            #expect(result.performed == [.destroy(uuid: removed.uuid, name: removed.name),
                                         .undefine(uuid: removed.uuid, name: removed.name)])
            #expect(result.running == [kept.uuid])
            #expect(try removed.state(in: hypervisor) == nil)
            #expect(try kept.state(in: hypervisor)?.isActive == true)
            #expect(try builtIn() == testDomain)

            let empty = try executor.reconcile([])
            #expect(empty.performed == [.destroy(uuid: kept.uuid, name: kept.name),
                                        .undefine(uuid: kept.uuid, name: kept.name)])
            #expect(try builtIn() == testDomain)
        }

        @Test func malformedGuest_FailsAloneWhileOthersConverge() throws {
            let good = try LibvirtTestGuest(), other = try LibvirtTestGuest(), base = try LibvirtTestGuest()
            let bad = LibvirtTestGuest(base, xml: base.xml.replacing(">65536</memory>", with: ">lots</memory>"))
            defer { [good, other, bad].forEach { $0.remove(from: hypervisor) } }

            let result = try executor.reconcile([good.desired, bad.desired, other.desired])
            let message = try #require(result.failed[bad.uuid])
            #expect(result.failed.count == 1)
            #expect(message.hasPrefix("host.hypervisor_failed: libvirt define failed for domain \(bad.name) "))
            #expect(message.contains("Invalid value 'lots'"))
            #expect(!result.performed.contains { $0.uuid == bad.uuid })
            #expect(result.running == [good.uuid, other.uuid])
            #expect(try good.state(in: hypervisor)?.isActive == true)
            #expect(try other.state(in: hypervisor)?.isActive == true)
            #expect(try bad.state(in: hypervisor) == nil)

            let fixed = try executor.reconcile([good.desired, base.desired, other.desired])
            #expect(fixed.failed.isEmpty)
            #expect(fixed.performed == [.define(uuid: base.uuid, name: base.name, xml: base.xml),
                                        .start(uuid: base.uuid, name: base.name)])
        }

        @Test func xmlForAnotherUUID_Fails() throws {
            let guest = try LibvirtTestGuest(), impostor = try LibvirtTestGuest()
            defer { [guest, impostor].forEach { $0.remove(from: hypervisor) } }
            let wrong = DesiredGuest(uuid: guest.uuid, name: guest.name, domainXML: impostor.xml)
            let result = try executor.reconcile([wrong])
            #expect(result.performed.isEmpty)
            #expect(result.running.isEmpty)
            #expect(result.failed[guest.uuid]?.contains("defines uuid \(impostor.uuid), expected \(guest.uuid)") == true)
        }
    }
}

/// A hypervisor that cannot be reached: every call fails, as a dead libvirtd would.
struct UnreachableHypervisor: Hypervisor {
    static let error = PatchbayError.hypervisorFailed(operation: "list", domain: "", reason: "End of file while reading data")
    func domains() throws(PatchbayError) -> [GuestDomainState] { throw Self.error }
    func define(xml: String) throws(PatchbayError) -> GuestDomainState { throw Self.error }
    func start(uuid: String) throws(PatchbayError) { throw Self.error }
    func destroy(uuid: String) throws(PatchbayError) { throw Self.error }
    func undefine(uuid: String) throws(PatchbayError) { throw Self.error }
    func domainXML(uuid: String, inactive: Bool) throws(PatchbayError) -> String { throw Self.error }
    func reboot(uuid: String) throws(PatchbayError) { throw Self.error }
    func attachDevice(uuid: String, xml: String, live: Bool, config: Bool) throws(PatchbayError) { throw Self.error }
    func detachDevice(uuid: String, xml: String, live: Bool, config: Bool) throws(PatchbayError) { throw Self.error }
}

@Suite("GuestActionExecutor without a hypervisor")
struct GuestActionExecutorUnreachableTests {
    @Test func domainsCannotBeListed_Fails() {
        let guest = DesiredGuest(uuid: "11111111-2222-4333-8444-555555555555", name: "patchbay-a", domainXML: "<domain/>")
        let error = #expect(throws: PatchbayError.self) {
            try GuestActionExecutor(hypervisor: UnreachableHypervisor()).reconcile([guest])
        }
        #expect(error == UnreachableHypervisor.error)
        #expect(error?.message == "libvirt list failed: End of file while reading data")
    }
}
