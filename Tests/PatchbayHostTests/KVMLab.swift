import Foundation
import NetnsTesting
import PatchbayCore
import PatchbayHost

/// Real KVM guests on `qemu:///system` and the devices they use. libvirtd and QEMU live in the
/// root namespace and open taps and macvtaps there (a macvtap as `/dev/tapN` by ifindex), so the
/// lab's bridges, uplinks and guest devices are made in the root namespace, each named with the
/// lab's random suffix; the far ends of the uplinks are in a "trunk" namespace of its own.
///
/// The L2 seam is planned over the lab's own devices only, so nothing of another test on this
/// machine is ever deleted. `tearDown()` destroys and undefines the domains, then deletes every
/// device and the namespace, in every path.
final class KVMLab: @unchecked Sendable {
    let suffix = NetworkNamespace.uniqueSuffix()
    let trunk: NetworkNamespace
    let pins = TemporaryMountPoint()
    let hypervisor: LibvirtHypervisor
    private var owned: [String] = []
    private var domains: [String] = []

    init() throws {
        trunk = try NetworkNamespace.create(prefix: "pbkt")
        do { hypervisor = try LibvirtHypervisor(uri: QEMUHost.uri) } catch {
            trunk.delete()
            throw error
        }
    }

    /// Marks a root-namespace device as the lab's: planned over, and deleted at teardown.
    func own(_ device: String) { owned.append(device) }

    /// A veth `prefix`+suffix in the root namespace, up, whose peer `peer` is up in the trunk.
    func addUplink(_ prefix: String, peer: String) throws -> String {
        let name = prefix + suffix
        try Shell.ip("link", "add", name, "type", "veth", "peer", "name", peer, "netns", trunk.name)
        own(name)
        try Shell.ip("link", "set", "dev", name, "up")
        try trunk.setUp(peer)
        return name
    }

    /// The L2 seam on the root namespace, pinning programs in the lab's bpffs.
    var links: IPCommandLinks { IPCommandLinks(programDirectory: pins.path) }

    /// The root namespace's state, restricted to the lab's devices.
    func snapshot() throws -> HostLinkState {
        let state = try links.snapshot()
        let mine = Set(owned)
        return HostLinkState(links: state.links.values.filter { mine.contains($0.name) },
                             accessVLANs: state.accessVLANs.filter { mine.contains($0.key) },
                             floodPeers: state.floodPeers.filter { mine.contains($0.key) })
    }

    /// The plan the agent's L2 pass would make for `intents` over the lab's devices.
    func plan(_ intents: [L2PortIntent]) throws -> L2Plan {
        L2Reconciler.plan(intents: intents, actual: try snapshot())
    }

    /// Performs the plan for `intents` action by action, calling `after` once each succeeded.
    @discardableResult
    func wire(_ intents: [L2PortIntent], after: (L2Action) throws -> Void = { _ in }) throws -> L2Plan {
        let plan = try plan(intents)
        for action in plan.actions {
            try L2ActionExecutor(links: links).perform([action])
            try after(action)
        }
        return plan
    }

    /// Defines and starts a 64 MiB, one-vCPU KVM guest without a disk holding `interfaces`, as the
    /// agent's guest pass does; returns its domain name (`pbkvm-<suffix>-<n>`, outside the
    /// `patchbay-` prefix, so no agent on this machine takes it for its own).
    func boot(_ interfaces: [GuestInterface]) throws -> String {
        try bootGuest(interfaces).name
    }

    /// As ``boot(_:)``, returning the guest as the hypervisor lists it.
    func bootGuest(_ interfaces: [GuestInterface]) throws -> GuestDomainState {
        let uuid = UUID().uuidString.lowercased(), name = "pbkvm-\(suffix)-\(domains.count)"
        let executor = GuestActionExecutor(hypervisor: hypervisor)
        domains.append(uuid)
        try executor.perform(.define(uuid: uuid, name: name, xml: try domainXML(uuid: uuid, name: name, interfaces)))
        try executor.perform(.start(uuid: uuid, name: name))
        return GuestDomainState(name: name, uuid: uuid, isActive: true)
    }

    /// The domain XML of a lab guest with `interfaces`.
    func domainXML(uuid: String, name: String, _ interfaces: [GuestInterface]) throws -> String {
        try DomainXML.render(DomainDefinition(name: name, uuid: uuid, memoryMB: 64, vcpus: 1, interfaces: interfaces))
    }

    /// Powers every guest of the lab off (they stay defined until teardown).
    func stopGuests() {
        for uuid in domains { try? hypervisor.destroy(uuid: uuid) }
    }

    /// The macvtaps whose lower device is `lower`, as `ip -d link show` reports them.
    func macvtaps(on lower: String) throws -> [HostLink] {
        try IPCommandLinks.parseLinks(Shell.ip("-j", "-d", "link", "show"))
            .filter { $0.kind == "macvtap" && $0.parent == lower }
    }

    /// Destroys and undefines the guests, deletes the lab's devices, namespace and bpffs.
    func tearDown() {
        for uuid in domains {
            try? hypervisor.destroy(uuid: uuid)
            try? hypervisor.undefine(uuid: uuid)
        }
        for device in owned.reversed() { _ = try? Shell.ip("link", "del", "dev", device) }
        trunk.delete()
        pins.remove()
    }
}
