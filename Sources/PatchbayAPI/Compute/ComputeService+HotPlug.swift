import PatchbayCore
import PatchbayStore

extension ComputeService {
    /// Re-renders server `id`'s domain after `change` (without its attaching and detaching
    /// ports) and stores both with a compare-and-swap on its revision, retried on a race; with
    /// `allocating`, the server's claimed devices become allocated in the same transaction.
    func rewire(_ id: String, host: String, allocating: Bool = false,
                _ change: @escaping @Sendable (inout Server) -> Void) async throws {
        for _ in 0..<5 {
            guard let stored = try await repository.read({ try await $0.server(id) }) else { throw Self.serverNotFound(id) }
            var next = stored
            change(&next)
            var shown = next
            shown.ports = next.ports.filter { !$0.detaching && !$0.attaching }
            next.domainXML = try await renderDomain(shown, host: host)
            next.audit = stored.audit.bumped(at: clock.now())
            let written = next
            let committed = LockedBox<InventoryCache.Entry?>(nil)
            let done = try await repository.write { session -> Bool in
                guard try await session.server(id)?.isDeleting == false else { throw Self.serverNotFound(id) }
                guard try await session.update(written, expectedRevision: stored.audit.revisionNumber) else { return false }
                if allocating, var entry = try await current(host, in: session) {
                    let change = entry.inventory.allocate(server: id)
                    if !change.isEmpty { guard try await session.apply(change, host: entry.host) else { throw Self.raceLost } }
                    committed.set(entry)
                }
                return true
            }
            if let entry = committed.get() { cache.store(entry) }
            if done { return }
        }
        throw Self.serverRaced(id)
    }

    /// The PCI request of a port (Nova's derivation from its vnic type and network), if any.
    func pciRequest(forPort portId: String) async throws -> PCIRequest? {
        let port = try await network.port(portId, caller: Self.serviceCaller)
        let (network, _) = try await network.network(port.networkId, caller: Self.serviceCaller)
        return try PCIRequest.forPort(id: port.id, vnicType: VnicType(rawValue: port.binding.vnicType) ?? .normal,
                                      profile: port.binding.profile, segments: network.segments,
                                      requiredCapabilities: port.requiredCapabilities ?? [])
    }

    /// Throws 409 unless the server is ACTIVE or SHUTOFF with nothing under way (Nova's
    /// `check_instance_state` for interface attach and detach).
    static func requireHotPlug(_ server: Server, action: String) throws {
        guard server.taskState == nil, server.vmState == .active || server.vmState == .stopped else {
            throw hotPlugRefused(server, action: action)
        }
    }

    /// 409 `InstanceInvalidState` in Nova's words for a hot plug action.
    static func hotPlugRefused(_ server: Server, action: String) -> PatchbayError {
        let (attribute, value) = server.taskState.map { ("task_state", $0.rawValue) } ?? ("vm_state", server.vmState.rawValue)
        return PatchbayError(code: "compute.instance_invalid_state", type: "InstanceInvalidState", category: .conflict,
                             message: "Cannot '\(action)' instance \(server.id) while it is in \(attribute) \(value)")
    }

    /// 400 `InterfaceAttachPciClaimFailed`: Nova's sentence with the pools' reason.
    static func pciClaimFailed(_ serverId: String, _ refusal: NoValidHost?) -> PatchbayError {
        let reason: String
        if let refusal, !refusal.pciShortfalls.isEmpty {
            reason = refusal.pciShortfalls.map { "no free \($0.request) on its host" }.joined(separator: ", ")
        } else if let refusal, refusal.pfVfConflicts > 0 {
            reason = "its free devices conflict with a claimed PF or VF"
        } else if let refusal, refusal.numaRemoved > 0 {
            reason = "no free device fits the NUMA policy"
        } else {
            reason = refusal?.message ?? "the host's devices were taken by concurrent claims"
        }
        return PatchbayError(code: "compute.interface_attach_pci_claim_failed", type: "InterfaceAttachPciClaimFailed",
                             category: .badRequest,
                             message: "Failed to claim PCI device for \(serverId) during interface attach: \(reason)")
    }
}
