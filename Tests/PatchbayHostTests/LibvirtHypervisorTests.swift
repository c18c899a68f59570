import PatchbayCore
import PatchbayHost
import Testing

/// `LibvirtHypervisor` against libvirt's in-memory `test:///default` driver.
///
/// Serialized, with the executor tests nested in it: every connection in this process shares
/// the test driver's state, and an executor pass removes any `patchbay-` domain it was not given.
@Suite(.serialized, .enabled(if: LibvirtTestGuest.driverAvailable, "libvirt.so.0 (Debian libvirt0) is not loadable"))
struct LibvirtHypervisorTests {
    @Test func defineStartDestroyUndefineLifecycle() throws {
        let hypervisor = try LibvirtHypervisor(uri: LibvirtTestGuest.uri)
        let guest = try LibvirtTestGuest()
        defer { guest.remove(from: hypervisor) }

        let defined = try hypervisor.define(xml: guest.xml)
        #expect(defined == GuestDomainState(name: guest.name, uuid: guest.uuid, isActive: false))
        #expect(try guest.state(in: hypervisor) == defined)

        try hypervisor.start(uuid: guest.uuid)
        #expect(try guest.state(in: hypervisor)?.isActive == true)

        try hypervisor.destroy(uuid: guest.uuid)
        #expect(try guest.state(in: hypervisor)?.isActive == false)
        try hypervisor.destroy(uuid: guest.uuid)

        try hypervisor.undefine(uuid: guest.uuid)
        #expect(try guest.state(in: hypervisor) == nil)
        try hypervisor.undefine(uuid: guest.uuid)
        try hypervisor.destroy(uuid: guest.uuid)
    }

    @Test func uppercaseUUIDsAddressTheSameDomain() throws {
        let hypervisor = try LibvirtHypervisor(uri: LibvirtTestGuest.uri)
        let guest = try LibvirtTestGuest()
        defer { guest.remove(from: hypervisor) }
        _ = try hypervisor.define(xml: guest.xml)
        try hypervisor.start(uuid: guest.uuid.uppercased())
        #expect(try guest.state(in: hypervisor)?.isActive == true)
        try hypervisor.destroy(uuid: guest.uuid.uppercased())
        try hypervisor.undefine(uuid: guest.uuid.uppercased())
        #expect(try guest.state(in: hypervisor) == nil)
    }

    @Test func listsTheBuiltInTestDomain() throws {
        let hypervisor = try LibvirtHypervisor(uri: LibvirtTestGuest.uri)
        let builtIn = try #require(try hypervisor.domains().first { $0.name == "test" })
        #expect(builtIn.isActive)
        #expect(builtIn.uuid == builtIn.uuid.lowercased() && builtIn.uuid.count == 36)
    }

    static let brokenXML: [(label: String, corrupt: @Sendable (String) -> String, libvirtSays: String)] = [
        ("truncated", { String($0.prefix(upTo: $0.firstRange(of: "</memory>")!.lowerBound)) },
         "Premature end of data"),
        ("memory not a number", { $0.replacing(">65536</memory>", with: ">lots</memory>") },
         "Invalid value 'lots'"),
    ]

    @Test(arguments: brokenXML.indices)
    func defineMalformedXML_Fails(_ index: Int) throws {
        let hypervisor = try LibvirtHypervisor(uri: LibvirtTestGuest.uri)
        let guest = try LibvirtTestGuest()
        defer { guest.remove(from: hypervisor) }
        let xml = Self.brokenXML[index].corrupt(guest.xml)
        #expect(xml != guest.xml)
        let error = try #require(throws: PatchbayError.self) { try hypervisor.define(xml: xml) }
        #expect(error.code == "host.hypervisor_failed")
        #expect(error.category == .internalError)
        #expect(error.message.hasPrefix("libvirt define failed for domain \(guest.name) (\(guest.uuid)): "))
        #expect(error.message.contains(Self.brokenXML[index].libvirtSays))
        #expect(try guest.state(in: hypervisor) == nil)
    }

    @Test func startOfAnUnknownDomain_Fails() throws {
        let hypervisor = try LibvirtHypervisor(uri: LibvirtTestGuest.uri)
        let uuid = try LibvirtTestGuest().uuid
        let error = try #require(throws: PatchbayError.self) { try hypervisor.start(uuid: uuid) }
        #expect(error.code == "host.hypervisor_failed")
        #expect(error.message.hasPrefix("libvirt start failed for domain \(uuid): "))
        #expect(error.message.contains("Domain not found"))
    }

    @Test func startOfARunningDomain_Fails() throws {
        let hypervisor = try LibvirtHypervisor(uri: LibvirtTestGuest.uri)
        let guest = try LibvirtTestGuest()
        defer { guest.remove(from: hypervisor) }
        _ = try hypervisor.define(xml: guest.xml)
        try hypervisor.start(uuid: guest.uuid)
        let error = try #require(throws: PatchbayError.self) { try hypervisor.start(uuid: guest.uuid) }
        #expect(error.code == "host.hypervisor_failed")
        #expect(error.message.hasPrefix("libvirt start failed for domain \(guest.name) (\(guest.uuid)): "))
        #expect(error.message.contains("already running"))
    }

    @Test func unknownDriver_Fails() {
        let error = #expect(throws: PatchbayError.self) { try LibvirtHypervisor(uri: "nosuchdriver:///x") }
        #expect(error?.code == "host.hypervisor_unavailable")
        #expect(error?.category == .unavailable)
        #expect(error?.message.hasPrefix("Hypervisor nosuchdriver:///x is unavailable: ") == true)
        #expect(error?.message.contains("nosuchdriver") == true)
    }

    @Test func missingLibrary_Fails() {
        let error = #expect(throws: PatchbayError.self) {
            try LibvirtHypervisor(uri: LibvirtTestGuest.uri, library: "libvirt-patchbay-missing.so.0")
        }
        #expect(error?.code == "host.hypervisor_unavailable")
        #expect(error?.message.contains("libvirt-patchbay-missing.so.0") == true)
    }
}
