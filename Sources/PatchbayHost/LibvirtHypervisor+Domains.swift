import PatchbayCore

/// The helpers behind `LibvirtHypervisor`'s operations: locking, lookup, reading and errors.
extension LibvirtHypervisor {
    /// Runs `body` with a live connection while holding the lock, reconnecting first when the
    /// kept one died. When `body` fails because the connection just died, the next call
    /// reconnects; with `retryOnce` (for calls that change nothing) this call does, and runs
    /// `body` again.
    func withConnection<T: Sendable>(retryOnce: Bool = false,
                                     _ body: (OpaquePointer) throws(PatchbayError) -> T) throws(PatchbayError) -> T {
        var reconnects = 0
        defer { for _ in 0..<reconnects { onReconnect?(uri) } }
        return try connection.withLock { (kept) throws(PatchbayError) -> T in
            var attempts = retryOnce ? 2 : 1
            while true {
                let (handle, reconnected) = try kept.live()
                if reconnected { reconnects += 1 }
                do throws(PatchbayError) { return try body(handle) } catch {
                    attempts -= 1
                    guard kept.dropIfDead(), attempts > 0 else { throw error }
                }
            }
        }
    }

    /// Looks the domain up by UUID and runs `body` with it and its label (`name (uuid)`).
    ///
    /// A domain that does not exist is a failure, or nothing to do when `absentIsDone`.
    func withDomain(_ uuid: String, operation: String, absentIsDone: Bool,
                    _ body: (OpaquePointer, String) throws(PatchbayError) -> Void) throws(PatchbayError) {
        try withConnection { (handle) throws(PatchbayError) in
            guard let domain = library.domainLookupByUUIDString(handle, uuid) else {
                if absentIsDone && library.lastErrorCode() == LibvirtLibrary.noDomainError { return }
                throw failure(operation, domain: uuid)
            }
            defer { _ = library.domainFree(domain) }
            let name = library.domainGetName(domain).map { String(cString: $0) } ?? "?"
            try body(domain, "\(name) (\(uuid.lowercased()))")
        }
    }

    /// The name, UUID and activity of `domain`.
    func state(of domain: OpaquePointer) throws(PatchbayError) -> GuestDomainState {
        guard let namePointer = library.domainGetName(domain) else { throw failure("read name", domain: "") }
        let name = String(cString: namePointer)
        var buffer = [CChar](repeating: 0, count: LibvirtLibrary.uuidStringLength)
        guard library.domainGetUUIDString(domain, &buffer) == 0 else { throw failure("read uuid", domain: name) }
        let uuid = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        let active = library.domainIsActive(domain)
        guard active >= 0 else { throw failure("read state", domain: "\(name) (\(uuid))") }
        return GuestDomainState(name: name, uuid: uuid, isActive: active == 1)
    }

    /// `host.hypervisor_failed` for `operation`, with libvirt's last error as the reason.
    func failure(_ operation: String, domain: String) -> PatchbayError {
        .hypervisorFailed(operation: operation, domain: domain, reason: library.lastError())
    }

    /// `name (uuid)` as declared in a domain XML, for errors about XML libvirt refused; the
    /// first `<name>` and `<uuid>` elements, or `?` for a missing one.
    static func label(declaredIn xml: String) -> String {
        "\(element("name", in: xml) ?? "?") (\(element("uuid", in: xml) ?? "?"))"
    }

    /// The text of the first `<tag>…</tag>` in `xml`.
    static func element(_ tag: String, in xml: String) -> String? {
        guard let open = xml.firstRange(of: "<\(tag)>"),
              let close = xml[open.upperBound...].firstRange(of: "</\(tag)>") else { return nil }
        return String(xml[open.upperBound..<close.lowerBound])
    }
}
