import FailPoints
import PatchbayCore
import PatchbayStore

/// What `POST /servers/{id}/os-interface` attaches: a port, or a new one on a network.
enum InterfaceRequest: Sendable {
    case port(String)
    case network(String, fixedIps: [FixedIPRequest]?)
}

extension ComputeService {
    /// Hot plugs a port into an ACTIVE or SHUTOFF server, as Nova's interface attach does: the
    /// port is reserved (or created on the network), its device (a VF for a `direct` port, on
    /// the server's host) is claimed in one compare-and-swap on the host together with the
    /// server row's update, then the port is bound and the domain re-rendered with it. Any
    /// failure undoes everything: the port is unreserved (or deleted) and nothing is held.
    func attachInterface(_ id: String, _ request: InterfaceRequest, caller: Caller) async throws -> Port {
        let server = try await server(id, caller: caller)
        guard caller.canWrite else { throw PatchbayError.policyNotAuthorized("os_compute_api:os-attach-interfaces:create") }
        try Self.requireHotPlug(server, action: "attach_interface")
        guard let host = server.host else { throw Self.hotPlugRefused(server, action: "attach_interface") }
        let (portId, created) = try await takePort(request, for: server, caller: caller)
        do {
            let attached = try await claimInterface(portId, created: created, serverId: id, host: host)
            FailPoint.hit("attach.after_claim")
            guard let port = attached.ports.first(where: { $0.portId == portId }) else { throw Self.serverRaced(id) }
            try await bind(port, server: attached, host: host)
            FailPoint.hit("attach.after_bind")
            try await rewire(id, host: host, allocating: true) { $0.ports = $0.ports.map { port in
                var port = port
                if port.portId == portId {
                    port.attaching = false
                    port.attachExpiresAt = nil
                }
                return port
            } }
        } catch {
            try? await undoAttach(portId, created: created, serverId: id)
            throw error
        }
        return try await network.port(portId, caller: Self.serviceCaller)
    }

    /// Reserves the caller's port for the server (409 when another device holds it) or creates
    /// one on the network; returns its id and whether it was created here.
    private func takePort(_ request: InterfaceRequest, for server: Server, caller: Caller) async throws -> (String, Bool) {
        switch request {
        case .port(let portId):
            _ = try await network.port(portId, caller: caller)
            if server.ports.contains(where: { $0.portId == portId }) {
                throw PatchbayError.conflict("PortInUse", code: "compute.port_in_use", "Port \(portId) is still in use.")
            }
            try await network.reservePort(portId, deviceId: server.id, caller: Self.serviceCaller)
            return (portId, false)
        case .network(let networkId, let fixedIps):
            _ = try await network.network(networkId, caller: caller)
            var create = PortCreate(projectId: server.projectId, networkId: networkId)
            create.fixedIps = fixedIps
            create.deviceId = server.id
            create.deviceOwner = "compute:nova"
            if fixedIps != nil { create.present.insert("fixed_ips") }
            return (try await network.createPorts([create], caller: Self.serviceCaller)[0].id, true)
        }
    }

    /// Records the port on the server row (attaching) and claims its device on `host`, in one
    /// transaction: a compare-and-swap on the host's generation and on the server's revision.
    /// A lost race is retried on fresh counts; no free device is 400 `InterfaceAttachPciClaimFailed`.
    private func claimInterface(_ portId: String, created: Bool, serverId: String, host: String) async throws -> Server {
        let request = try await pciRequest(forPort: portId)
        for _ in 0..<5 {
            var take: (PoolKey, Int)?
            if let request {
                let view = try await hostCandidates()
                guard var candidate = view.candidate(host) else { throw Self.hostNotFound(host) }
                candidate.alive = true
                candidate.enabled = true
                candidate.freeRAMMB = max(candidate.freeRAMMB, 0)
                candidate.freeVCPUs = max(candidate.freeVCPUs, 0)
                switch scheduler.select(SchedulingRequest(ramMB: 0, vcpus: 0, pciRequests: [request]), from: [candidate]) {
                case .failure(let refusal): throw Self.pciClaimFailed(serverId, refusal)
                case .success(let placements):
                    let pools = view.keys(of: host)
                    guard let pick = placements.first?.pciTakes.first, pools.indices.contains(pick.poolIndex) else {
                        throw Self.pciClaimFailed(serverId, nil)
                    }
                    take = (pools[pick.poolIndex], pick.count)
                }
            }
            if let server = try await recordAttach(portId, created: created, serverId: serverId, host: host, take: take) { return server }
        }
        throw Self.pciClaimFailed(serverId, nil)
    }

    /// One attempt of ``claimInterface``; nil when the host's generation moved meanwhile.
    private func recordAttach(_ portId: String, created: Bool, serverId: String, host: String,
                              take: (PoolKey, Int)?) async throws -> Server? {
        let committed = LockedBox<InventoryCache.Entry?>(nil)
        let now = clock.now()
        let recorded = try await repository.write { session -> Server? in
            guard let stored = try await session.server(serverId) else { throw Self.serverNotFound(serverId) }
            try Self.requireHotPlug(stored, action: "attach_interface")
            var next = stored
            var attached = ServerPort(portId: portId, createdByBoot: created, attaching: true)
            attached.attachExpiresAt = now + config.buildLease
            if let (key, count) = take {
                guard var entry = try await current(host, in: session) else { return nil }
                let change: InventoryChange
                do {
                    change = try entry.inventory.claim(pool: key, count: count, server: serverId, port: portId)
                } catch { return nil }
                attached.device = change.written.first(where: { $0.state == .claimed && $0.portId == portId })?.address
                guard try await session.apply(change, host: entry.host) else { return nil }
                committed.set(entry)
            }
            next.ports.append(attached)
            next.audit = stored.audit.bumped(at: now)
            guard try await session.update(next, expectedRevision: stored.audit.revisionNumber) else { throw Self.serverRaced(serverId) }
            return next
        }
        if let entry = committed.get() { cache.store(entry) }
        return recorded
    }
}
