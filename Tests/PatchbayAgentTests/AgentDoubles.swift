import Foundation
import PatchbayAgent
import PatchbayCore
import PatchbayHost
import PatchbayTesting
import Synchronization

/// The real HTTP control plane, with `retiring` set on every desired state it fetches (what the
/// server's delete flow puts there) and the `absent` ids the agent reports kept for the test.
final class RetiringControlPlane: ControlPlane {
    let base: HTTPControlPlane
    let retiring = Mutex<[String]>([])
    let absentReports = Mutex<[[String]]>([])

    init(base: HTTPControlPlane) {
        self.base = base
    }

    func reportAgent(_ body: JSONValue) async throws { try await base.reportAgent(body) }

    func reportInventory(host: String, _ body: JSONValue) async throws { try await base.reportInventory(host: host, body) }

    /// Always the full state (the retiring list may change while the server's tag does not).
    func desiredState(host: String, ifNoneMatch: String?, wait: Int) async throws -> DesiredStateFetch {
        guard case .changed(var state, let tag) = try await base.desiredState(host: host, ifNoneMatch: nil) else { return .unchanged }
        state.retiring = retiring.withLock { $0 }.sorted()
        return .changed(state, tag: tag + state.retiring.joined(separator: ","))
    }

    func reportDevices(host: String, up: [String], down: [String], reasons: [String: String]) async throws {
        try await base.reportDevices(host: host, up: up, down: down, reasons: reasons)
    }

    func reportGuests(host: String, _ report: GuestStatusReport) async throws {
        try await base.reportGuests(host: host, report)
        if !report.absent.isEmpty { absentReports.withLock { $0.append(report.absent) } }
    }

    func downloadImage(_ imageId: String, to path: String) async throws { try await base.downloadImage(imageId, to: path) }

    func reportConsole(host: String, serverId: String, output: String) async throws {
        try await base.reportConsole(host: host, serverId: serverId, output: output)
    }

    func reportTapFlows(host: String, _ outcomes: [String: String?]) async throws {
        try await base.reportTapFlows(host: host, outcomes)
    }
}

/// A NIC on which a VF cannot be changed while a domain that holds it exists, as libvirt's
/// hostdev attach holds a VF: the state (`holders`, the hypervisor's domains) decides, and every
/// refused write is counted, so a test sees whether a VF was touched while still held.
final class HeldVFNIC: NetlinkVF {
    let nic: FakeNIC
    let hypervisor: LibvirtHypervisor
    /// The server (domain UUID) holding each VF of `ens1f0`.
    let holders = Mutex<[Int: String]>([:])
    let refusedWrites = Mutex(0)

    init(nic: FakeNIC, hypervisor: LibvirtHypervisor) {
        self.nic = nic
        self.hypervisor = hypervisor
    }

    func vfSettings(pf: String) throws(PatchbayError) -> [Int: VFSettings] { try nic.vfSettings(pf: pf) }

    func set(pf: String, vf: Int, _ changes: [VFSettingChange]) throws(PatchbayError) {
        if let holder = holders.withLock({ $0[vf] }), try hypervisor.domains().contains(where: { $0.uuid == holder.lowercased() }) {
            refusedWrites.withLock { $0 += 1 }
            throw .netlinkFailed("ip link set \(pf) vf \(vf)", "RTNETLINK answers: Device or resource busy (held by \(holder))")
        }
        try nic.set(pf: pf, vf: vf, changes)
    }
}

/// Libvirt's test driver with destroy failing for chosen domains, as a stuck guest would.
final class FaultyHypervisor: Hypervisor {
    let base: LibvirtHypervisor
    let failingDestroy = Mutex<Set<String>>([])

    init(base: LibvirtHypervisor) {
        self.base = base
    }

    func domains() throws(PatchbayError) -> [GuestDomainState] { try base.domains() }
    func define(xml: String) throws(PatchbayError) -> GuestDomainState { try base.define(xml: xml) }
    func start(uuid: String) throws(PatchbayError) { try base.start(uuid: uuid) }
    func undefine(uuid: String) throws(PatchbayError) { try base.undefine(uuid: uuid) }
    func domainXML(uuid: String, inactive: Bool) throws(PatchbayError) -> String { try base.domainXML(uuid: uuid, inactive: inactive) }
    func reboot(uuid: String) throws(PatchbayError) { try base.reboot(uuid: uuid) }
    func attachDevice(uuid: String, xml: String, live: Bool, config: Bool) throws(PatchbayError) {
        try base.attachDevice(uuid: uuid, xml: xml, live: live, config: config)
    }
    func detachDevice(uuid: String, xml: String, live: Bool, config: Bool) throws(PatchbayError) {
        try base.detachDevice(uuid: uuid, xml: xml, live: live, config: config)
    }

    func destroy(uuid: String) throws(PatchbayError) {
        if failingDestroy.withLock({ $0.contains(uuid.lowercased()) }) {
            throw .hypervisorFailed(operation: "destroy", domain: uuid, reason: "Timed out during operation: cannot acquire state change lock")
        }
        try base.destroy(uuid: uuid)
    }
}

extension AgentHarness {
    typealias GuardedAgent = HostAgent<HeldVFNIC, FileVFStateJournal, IPCommandLinks, FaultyHypervisor>

    /// An agent over the harness's host whose NIC refuses writes to held VFs, whose hypervisor
    /// can fail teardowns, and whose control plane adds `retiring`.
    func makeGuardedAgent(nic: HeldVFNIC, hypervisor: FaultyHypervisor, plane: RetiringControlPlane,
                          allowTeardown: Bool = false) throws -> GuardedAgent {
        var settings = config
        settings.allowTeardown = allowTeardown
        return try Self.makeAgent(config: settings, netlink: nic, hypervisor: hypervisor, timeout: .seconds(2), server: plane)
    }

    /// Defines and starts a managed domain the server does not know.
    func startUnknownGuest() throws -> String {
        let uuid = UUID().uuidString.lowercased()
        _ = try hypervisor.define(xml: """
            <domain type='test'><name>\(DomainNaming.name(for: uuid))</name><uuid>\(uuid)</uuid>\
            <memory>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>
            """)
        try hypervisor.start(uuid: uuid)
        return uuid
    }
}
