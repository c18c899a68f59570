import PatchbayCore
import Synchronization

/// The libvirt `Hypervisor`: one connection, opened at `init` and kept for the object's lifetime.
///
/// Production uses `qemu:///system`; tests use `test:///default`, whose in-memory state lives in
/// this process only while a connection to it is open, which is why the agent keeps one
/// connection instead of opening one per call. libvirt is loaded at run time (`libvirt.so.0`,
/// Debian package libvirt0), so building needs no libvirt headers.
///
/// Calls are serialised by a lock, which also keeps libvirt's per-thread last error paired with
/// the call that set it. A connection that breaks (the daemon restarted) is noticed by
/// `virConnectIsAlive` before each call or by a call that failed on it, and is reopened by the
/// next call (`domains()`, which changes nothing, retries at once); `onReconnect` hears of it.
public final class LibvirtHypervisor: Hypervisor, @unchecked Sendable {
    /// The connection URI, e.g. `qemu:///system`.
    public let uri: String
    /// The resolved libvirt functions.
    let library: LibvirtLibrary
    /// The kept connection, reachable only under the lock.
    let connection: Mutex<LibvirtConnection<LibvirtLibrary>>
    /// Called (outside the lock) each time a dead connection was replaced, with the URI.
    let onReconnect: (@Sendable (String) -> Void)?

    /// Loads libvirt and opens one connection to `uri`.
    ///
    /// Equivalent to: `virsh -c $uri`.
    /// - Parameters:
    ///   - library: the shared object to load; the default suits Linux distributions.
    ///   - onReconnect: told each time a dead connection was replaced (the agent logs it).
    /// - Throws: `host.hypervisor_unavailable` when the library cannot be loaded or the
    ///   connection cannot be opened (unknown driver, daemon down, permission denied).
    public init(uri: String, library: String = "libvirt.so.0",
                onReconnect: (@Sendable (String) -> Void)? = nil) throws(PatchbayError) {
        let loaded: LibvirtLibrary
        do { loaded = try LibvirtLibrary(path: library) } catch {
            throw .hypervisorUnavailable(uri: uri, reason: error.reason)
        }
        self.uri = uri
        self.library = loaded
        self.connection = Mutex(try LibvirtConnection(uri: uri, library: loaded))
        self.onReconnect = onReconnect
    }

    deinit {
        connection.withLock { $0.drop() }
    }

    /// Equivalent to: `virsh list --all --uuid --name`.
    public func domains() throws(PatchbayError) -> [GuestDomainState] {
        try withConnection(retryOnce: true) { (handle) throws(PatchbayError) in
            var list: UnsafeMutablePointer<OpaquePointer?>?
            let count = Int(library.listAllDomains(handle, &list, 0))
            guard count >= 0 else { throw failure("list", domain: "") }
            defer { library.freeArray(list) }
            guard let list else { return [] }
            defer { for index in 0..<count { _ = library.domainFree(list[index]) } }
            var states: [GuestDomainState] = []
            for index in 0..<count {
                if let domain = list[index] { states.append(try state(of: domain)) }
            }
            return states
        }
    }

    /// Equivalent to: `virsh define FILE`.
    public func define(xml: String) throws(PatchbayError) -> GuestDomainState {
        try withConnection { (handle) throws(PatchbayError) in
            guard let domain = library.domainDefineXML(handle, xml) else {
                throw failure("define", domain: Self.label(declaredIn: xml))
            }
            defer { _ = library.domainFree(domain) }
            return try state(of: domain)
        }
    }

    /// Equivalent to: `virsh start $uuid`.
    public func start(uuid: String) throws(PatchbayError) {
        try withDomain(uuid, operation: "start", absentIsDone: false) { (domain, label) throws(PatchbayError) in
            if library.domainCreate(domain) < 0 { throw failure("start", domain: label) }
        }
    }

    /// Equivalent to: `virsh destroy $uuid`; a domain that is absent or not running is left as is.
    public func destroy(uuid: String) throws(PatchbayError) {
        try withDomain(uuid, operation: "destroy", absentIsDone: true) { (domain, label) throws(PatchbayError) in
            guard library.domainIsActive(domain) != 0 else { return }
            if library.domainDestroy(domain) < 0 {
                let error = failure("destroy", domain: label)
                if library.domainIsActive(domain) != 0 { throw error }
            }
        }
    }

    /// Equivalent to: `virsh undefine $uuid`; an absent domain is left as is. A running domain
    /// stays running, transient, until destroyed.
    public func undefine(uuid: String) throws(PatchbayError) {
        try withDomain(uuid, operation: "undefine", absentIsDone: true) { (domain, label) throws(PatchbayError) in
            if library.domainUndefine(domain) < 0 { throw failure("undefine", domain: label) }
        }
    }
}
