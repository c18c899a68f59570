import PatchbayCore
import PatchbayHost
import Synchronization

/// libvirt's test driver, which cannot hot plug, with hot plug added as a running guest would
/// take it: an attach shows in the running domain's XML at once, an unplug only once the guest
/// lets go (`holdUnplugs` false, or `letGo()`), and `config` changes redefine the definition.
/// The real QEMU behaviour is proven in PatchbayHostTests' KVM suites.
final class HotPlugTestHypervisor: Hypervisor {
    let base: LibvirtHypervisor
    /// Per domain, the devices added to and removed from the running domain (by key).
    private let live = Mutex<[String: (added: [GuestNICDevice], removed: Set<String>, pending: Set<String>)]>([:])
    /// When true, a live unplug waits for `letGo()` as a guest that has not acknowledged it.
    let holdUnplugs = Mutex(false)

    init(base: LibvirtHypervisor) {
        self.base = base
    }

    func domains() throws(PatchbayError) -> [GuestDomainState] { try base.domains() }
    func define(xml: String) throws(PatchbayError) -> GuestDomainState { try base.define(xml: xml) }
    func undefine(uuid: String) throws(PatchbayError) { try base.undefine(uuid: uuid) }
    func reboot(uuid: String) throws(PatchbayError) { try base.reboot(uuid: uuid) }

    func start(uuid: String) throws(PatchbayError) {
        try base.start(uuid: uuid)
        live.withLock { $0[uuid.lowercased()] = nil }
    }

    func destroy(uuid: String) throws(PatchbayError) {
        try base.destroy(uuid: uuid)
        live.withLock { $0[uuid.lowercased()] = nil }
    }

    func domainXML(uuid: String, inactive: Bool) throws(PatchbayError) -> String {
        let xml = try base.domainXML(uuid: uuid, inactive: inactive)
        guard !inactive, let overlay = live.withLock({ $0[uuid.lowercased()] }) else { return xml }
        var devices = GuestNICDevice.devices(inDomainXML: xml).filter { !overlay.removed.contains($0.key) }
        devices += overlay.added.filter { !overlay.removed.contains($0.key) }
        return Self.replacingDevices(of: xml, with: devices)
    }

    func attachDevice(uuid: String, xml: String, live attachLive: Bool, config: Bool) throws(PatchbayError) {
        let device = try Self.device(xml)
        if config { try redefine(uuid) { $0 + [device] } }
        if attachLive {
            live.withLock { state in
                var overlay = state[uuid.lowercased()] ?? ([], [], [])
                overlay.removed.remove(device.key)
                overlay.added.append(device)
                state[uuid.lowercased()] = overlay
            }
        }
    }

    func detachDevice(uuid: String, xml: String, live detachLive: Bool, config: Bool) throws(PatchbayError) {
        let device = try Self.device(xml)
        if config { try redefine(uuid) { $0.filter { $0.key != device.key } } }
        if detachLive {
            let hold = holdUnplugs.withLock { $0 }
            live.withLock { state in
                var overlay = state[uuid.lowercased()] ?? ([], [], [])
                if hold { overlay.pending.insert(device.key) } else { overlay.removed.insert(device.key) }
                state[uuid.lowercased()] = overlay
            }
        }
    }

    /// The guests finish every unplug asked of them.
    func letGo() {
        holdUnplugs.withLock { $0 = false }
        live.withLock { state in
            for (uuid, var overlay) in state {
                overlay.removed.formUnion(overlay.pending)
                overlay.pending = []
                state[uuid] = overlay
            }
        }
    }

    private func redefine(_ uuid: String, _ change: ([GuestNICDevice]) -> [GuestNICDevice]) throws(PatchbayError) {
        let xml = try base.domainXML(uuid: uuid, inactive: true)
        _ = try base.define(xml: Self.replacingDevices(of: xml, with: change(GuestNICDevice.devices(inDomainXML: xml))))
    }

    private static func device(_ xml: String) throws(PatchbayError) -> GuestNICDevice {
        guard let device = GuestNICDevice.devices(inDomainXML: "<devices>\(xml)</devices>").first else {
            throw .hypervisorFailed(operation: "attach-device", domain: "", reason: "XML error: no device in \(xml)")
        }
        return device
    }

    /// `xml` with its interface and hostdev elements replaced by `devices`.
    static func replacingDevices(of xml: String, with devices: [GuestNICDevice]) -> String {
        var text = xml
        for device in GuestNICDevice.devices(inDomainXML: xml) {
            if let range = text.range(of: device.xml) { text.removeSubrange(range) }
        }
        guard let close = text.range(of: "</devices>") else { return text }
        text.insert(contentsOf: devices.map(\.xml).joined(separator: "\n"), at: close.lowerBound)
        return text
    }
}
