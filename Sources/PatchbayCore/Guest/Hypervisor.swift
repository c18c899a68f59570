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

    /// The domain's XML: the running domain's own (`inactive` false, for a running domain) or
    /// its persistent definition (`inactive` true).
    ///
    /// Equivalent to: `virsh dumpxml [--inactive] $uuid`.
    func domainXML(uuid: String, inactive: Bool) throws(PatchbayError) -> String

    /// Asks a running guest to reboot (ACPI, or the guest agent).
    ///
    /// Equivalent to: `virsh reboot $uuid`.
    func reboot(uuid: String) throws(PatchbayError)

    /// Adds one device element to the running domain (`live`) and/or its definition (`config`).
    ///
    /// Equivalent to: `virsh attach-device $uuid FILE [--live] [--config]`.
    func attachDevice(uuid: String, xml: String, live: Bool, config: Bool) throws(PatchbayError)

    /// Removes one device element from the running domain (`live`) and/or its definition
    /// (`config`). A live unplug may finish only when the guest lets go of the device.
    ///
    /// Equivalent to: `virsh detach-device $uuid FILE [--live] [--config]`.
    func detachDevice(uuid: String, xml: String, live: Bool, config: Bool) throws(PatchbayError)
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
