import PatchbayCore

/// What `LibvirtConnection` needs of libvirt: open, probe and close a connection.
/// `LibvirtLibrary` is the real one; tests use a stateful fake.
protocol LibvirtConnecting: Sendable {
    /// `virConnectOpen`: a new connection, or nil (the reason is `lastError()`).
    func open(_ uri: String) -> OpaquePointer?
    /// `virConnectIsAlive`: false once the connection broke (the daemon restarted or the
    /// transport closed); a local driver's connection is always alive.
    func isAlive(_ connection: OpaquePointer) -> Bool
    /// `virConnectClose`.
    func close(_ connection: OpaquePointer)
    /// libvirt's message for the last failure on this thread.
    func lastError() -> String
}

/// The one connection a `LibvirtHypervisor` keeps, reopened on the call after it died.
///
/// Not thread-safe by itself: the hypervisor holds it under its lock.
struct LibvirtConnection<Library: LibvirtConnecting> {
    let uri: String
    let library: Library
    private(set) var handle: OpaquePointer?
    /// True from finding the connection dead until a new one is open.
    private(set) var lost = false

    /// Opens the connection; throws `host.hypervisor_unavailable` when libvirt refuses.
    init(uri: String, library: Library) throws(PatchbayError) {
        self.uri = uri
        self.library = library
        guard let opened = library.open(uri) else { throw .hypervisorUnavailable(uri: uri, reason: library.lastError()) }
        handle = opened
    }

    /// A live connection: the kept one while it is alive, else a new one. `reconnected` is
    /// true when this call replaced a dead connection.
    /// - Throws: `host.hypervisor_unavailable` when a new connection cannot be opened (the next
    ///   call tries again).
    mutating func live() throws(PatchbayError) -> (handle: OpaquePointer, reconnected: Bool) {
        if let handle {
            if library.isAlive(handle) { return (handle, false) }
            drop()
            lost = true
        }
        guard let opened = library.open(uri) else {
            throw .hypervisorUnavailable(uri: uri, reason: "the connection was lost and cannot be reopened: \(library.lastError())")
        }
        handle = opened
        defer { lost = false }
        return (opened, lost)
    }

    /// After a call failed: closes the connection when it is dead, so the next call reconnects.
    /// Returns true when it was dead.
    mutating func dropIfDead() -> Bool {
        guard let handle, !library.isAlive(handle) else { return false }
        drop()
        lost = true
        return true
    }

    /// Closes the connection, if any.
    mutating func drop() {
        if let handle { library.close(handle) }
        handle = nil
    }
}

extension LibvirtLibrary: LibvirtConnecting {
    func open(_ uri: String) -> OpaquePointer? { connectOpen(uri) }
    func isAlive(_ connection: OpaquePointer) -> Bool { connectIsAlive(connection) == 1 }
    func close(_ connection: OpaquePointer) { _ = connectClose(connection) }
}
