import FailPoints
import PatchbayCore
import PatchbayStore

extension ComputeService {
    /// Detaches a port as Nova does (202): the port is marked `detaching` on the server row and
    /// the domain re-rendered without it, in one compare-and-swap. Its device and binding are
    /// freed only once the host's agent reports the domain without the port (at once when there
    /// is no agent to wait for), so a VF is never handed out while a guest still holds it.
    func detachInterface(_ id: String, port portId: String, caller: Caller) async throws {
        let server = try await server(id, caller: caller)
        guard caller.canWrite else { throw PatchbayError.policyNotAuthorized("os_compute_api:os-attach-interfaces:delete") }
        guard server.ports.contains(where: { $0.portId == portId && !$0.detaching && !$0.attaching }) else {
            throw PatchbayError(code: "compute.port_not_attached", type: "PortNotFound", category: .notFound,
                                message: "Port \(portId) is not attached")
        }
        try Self.requireHotPlug(server, action: "detach_interface")
        guard let host = server.host else { throw Self.hotPlugRefused(server, action: "detach_interface") }
        try await rewire(id, host: host) { server in
            guard let index = server.ports.firstIndex(where: { $0.portId == portId }) else { return }
            server.ports[index].detaching = true
        }
        FailPoint.hit("detach.after_mark")
        if !config.waitForAgent { try await finishDetach(id, port: portId) }
    }

    /// Finishes the detaches a guest report confirms: a `detaching` port absent from the
    /// server's entry in `interfaces` (a server without an entry confirms nothing).
    func confirmDetaches(_ server: Server, _ report: GuestReport) async throws -> Bool {
        guard let attached = report.interfaces[server.id] else { return false }
        let done = server.ports.filter { $0.detaching && !attached.contains($0.portId) }
        for port in done { try await finishDetach(server.id, port: port.portId) }
        return !done.isEmpty
    }

    /// Finishes the detaches of `server` that no agent will confirm: without an agent to wait
    /// for (a crash between the detach's mark and its end), or when its host's agent is down.
    func finishStrandedDetaches(_ server: Server) async {
        // A database that cannot be read now leaves the detaches for the next sweep.
        guard let agentAlive = try? await agentAlive(on: server.host), !config.waitForAgent || !agentAlive else { return }
        for port in server.ports where port.detaching {
            do { try await finishDetach(server.id, port: port.portId) } catch {
                logger.error("recovery: finishing a detach failed", metadata: ["server": "\(server.id)", "port": "\(port.portId)", "error": "\(error)"])
            }
        }
    }

    /// Frees a detached port: the port first (unbound, or deleted when Patchbay created it;
    /// idempotent, so a crash here is repeated at the next report), then its device and its
    /// place on the server row in one transaction.
    func finishDetach(_ id: String, port portId: String) async throws {
        guard let server = try await repository.read({ try await $0.server(id) }), !server.isDeleting,
              let attached = server.ports.first(where: { $0.portId == portId && $0.detaching }) else { return }
        try await freePort(portId, of: id, delete: attached.createdByBoot)
        try await dropPort(portId, of: id)
    }

    /// Undoes the attaches of `server` whose process died before finishing them (their lease
    /// ran out; an entry without one predates leases and is stranded too).
    func undoStrandedAttaches(_ server: Server, now: Int64) async {
        for port in server.ports where port.attaching && (port.attachExpiresAt ?? 0) <= now {
            do { try await undoAttach(port.portId, created: port.createdByBoot, serverId: server.id) } catch {
                logger.error("recovery: undoing an attach failed", metadata: ["server": "\(server.id)", "port": "\(port.portId)", "error": "\(error)"])
            }
        }
    }

    /// Undoes an attach that failed: the port is freed, then its device and its row entry.
    func undoAttach(_ portId: String, created: Bool, serverId: String) async throws {
        try await freePort(portId, of: serverId, delete: created)
        try await dropPort(portId, of: serverId)
    }

    /// Releases the device of `portId` and removes it from server `id`'s row, in one transaction.
    private func dropPort(_ portId: String, of id: String) async throws {
        let committed = LockedBox<InventoryCache.Entry?>(nil)
        let now = clock.now()
        try await repository.write { session in
            guard var next = try await session.server(id), next.ports.contains(where: { $0.portId == portId }) else { return }
            let revision = next.audit.revisionNumber
            if let host = next.host, var entry = try await current(host, in: session) {
                let change = entry.inventory.release(server: id, port: portId)
                if !change.isEmpty {
                    guard try await session.apply(change, host: entry.host) else { throw Self.raceLost }
                    committed.set(entry)
                }
            }
            next.ports.removeAll { $0.portId == portId }
            next.audit = next.audit.bumped(at: now)
            guard try await session.update(next, expectedRevision: revision) else { throw Self.serverRaced(id) }
        }
        if let entry = committed.get() { cache.store(entry) }
    }

    /// Deletes `portId`, or unbinds it and clears its device and the boot's profile keys, while
    /// server `id` still holds it.
    func freePort(_ portId: String, of id: String, delete: Bool) async throws {
        guard let port = try? await network.port(portId, caller: Self.serviceCaller), port.deviceId == id else { return }
        if delete {
            do { try await network.deletePort(portId, caller: Self.serviceCaller) } catch let error as PatchbayError where error.category == .notFound {}
            return
        }
        var update = PortUpdate()
        update.hostId = ""
        update.profile = port.binding.profile.filter { !Self.bootProfileKeys.contains($0.key) }
        update.deviceId = ""
        update.deviceOwner = ""
        update.present = ["binding:host_id", "binding:profile", "device_id", "device_owner"]
        _ = try await network.updatePort(portId, update, caller: Self.serviceCaller)
    }
}
