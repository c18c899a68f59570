import Foundation
import PatchbayCore
import PatchbayHost

/// A guest with a fresh random UUID and name, rendered by `DomainXML`, for tests on `test:///default`.
struct LibvirtTestGuest: Sendable {
    /// The URI of libvirt's in-memory test driver; ships a running domain named `test`.
    static let uri = "test:///default"
    /// True when libvirt.so.0 loads and the test driver opens (Debian: libvirt0).
    static let driverAvailable = (try? LibvirtHypervisor(uri: uri)) != nil

    let uuid: String
    let name: String
    let xml: String

    /// A 64 MiB, one-vCPU guest named `patchbay-test-<8 hex>`.
    init() throws {
        uuid = UUID().uuidString.lowercased()
        name = "patchbay-test-" + uuid.prefix(8)
        xml = try DomainXML.render(DomainDefinition(name: name, uuid: uuid, memoryMB: 64, vcpus: 1))
    }

    /// The same guest with different XML.
    init(_ guest: LibvirtTestGuest, xml: String) {
        uuid = guest.uuid
        name = guest.name
        self.xml = xml
    }

    /// This guest as the server wants it.
    var desired: DesiredGuest { DesiredGuest(uuid: uuid, name: name, domainXML: xml) }

    /// This guest's domain in `hypervisor`'s list, if defined.
    func state(in hypervisor: some Hypervisor) throws -> GuestDomainState? {
        try hypervisor.domains().first { $0.uuid == uuid }
    }

    /// Destroys and undefines the domain, ignoring errors; for `defer` in tests.
    func remove(from hypervisor: some Hypervisor) {
        try? hypervisor.destroy(uuid: uuid)
        try? hypervisor.undefine(uuid: uuid)
    }
}
