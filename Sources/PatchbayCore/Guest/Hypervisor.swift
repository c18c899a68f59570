/// One domain as the host's hypervisor reports it.
public struct GuestDomainState: Hashable, Sendable {
    /// The libvirt domain name, e.g. `patchbay-<server uuid>`.
    public var name: String
    /// The domain UUID, always lowercase.
    public var uuid: String
    /// True while the domain runs (or is paused); false when it is only defined.
    public var isActive: Bool

    /// Creates a state; `uuid` is stored lowercased.
    public init(name: String, uuid: String, isActive: Bool) {
        self.name = name
        self.uuid = uuid.lowercased()
        self.isActive = isActive
    }
}

/// The seam between guest reconcile and the hypervisor: lists, defines, starts and removes domains.
///
/// `LibvirtHypervisor` (PatchbayHost) calls libvirt: `qemu:///system` in production,
/// `test:///default` in tests. Domains are addressed by UUID, which never changes for a server.
public protocol Hypervisor: Sendable {
    /// Every domain the hypervisor knows, defined or running, Patchbay's or not.
    ///
    /// Equivalent to: `virsh list --all --uuid --name`.
    func domains() throws(PatchbayError) -> [GuestDomainState]

    /// Defines (or redefines) a persistent domain from its XML; returns it as now defined.
    ///
    /// Equivalent to: `virsh define FILE`.
    func define(xml: String) throws(PatchbayError) -> GuestDomainState

    /// Starts a defined domain that is not running.
    ///
    /// Equivalent to: `virsh start $uuid`.
    func start(uuid: String) throws(PatchbayError)

    /// Powers a domain off at once; no error when it is not running or does not exist.
    ///
    /// Equivalent to: `virsh destroy $uuid`.
    func destroy(uuid: String) throws(PatchbayError)

    /// Removes a domain's persistent definition; no error when it does not exist.
    ///
    /// Equivalent to: `virsh undefine $uuid`.
    func undefine(uuid: String) throws(PatchbayError)
}

extension PatchbayError {
    /// 503 `HypervisorUnavailable`: the hypervisor at `uri` cannot be reached (library missing,
    /// daemon down, unknown driver); nothing was changed.
    public static func hypervisorUnavailable(uri: String, reason: String) -> PatchbayError {
        PatchbayError(code: "host.hypervisor_unavailable", type: "HypervisorUnavailable", category: .unavailable,
                      message: "Hypervisor \(uri) is unavailable: \(reason)")
    }

    /// 500 `HypervisorFailed`: one hypervisor operation on one domain failed; `reason` is
    /// libvirt's own message. An empty `domain` means the operation was not about one domain.
    public static func hypervisorFailed(operation: String, domain: String, reason: String) -> PatchbayError {
        let subject = domain.isEmpty ? "" : " for domain \(domain)"
        return PatchbayError(code: "host.hypervisor_failed", type: "HypervisorFailed", category: .internalError,
                             message: "libvirt \(operation) failed\(subject): \(reason)")
    }
}
