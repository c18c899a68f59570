import FailPoints
import PatchbayCore
import PatchbayStore

extension ComputeService {
    /// Deletes a server as Nova does: it answers at once and the server is gone from lists; its
    /// devices, RAM, VCPUs and ports are freed once nothing can hold them any more — now when
    /// it was never handed to a host, else when its host's agent reports its guest gone, or
    /// when its build (which sees the delete at its next step) has undone itself.
    func deleteServer(_ id: String, caller: Caller) async throws {
        _ = try await server(id, caller: caller)
        guard caller.canWrite else { throw PatchbayError.policyNotAuthorized("os_compute_api:servers:delete") }
        let marked = try await advance(id, on: .deleteRequested)
        FailPoint.hit("delete.after_mark")
        builds.cancel(id)
        try await continueDeletion(marked)
    }

    /// Takes a deleted server one step further (see ``DeletionStep``).
    func continueDeletion(_ server: Server) async throws {
        let agentAlive = try await agentAlive(on: server.host)
        switch DeletionStep.next(for: server, now: clock.now(), agentAlive: agentAlive, waitForAgent: config.waitForAgent) {
        case .awaitBuild, .awaitGuestAbsence: return
        case .purgeNow: try await purge(server.id)
        }
    }

    /// Frees a deleted server for good: its ports first (idempotent, so a crash here is simply
    /// repeated), then its devices, RAM and VCPUs and its row in one transaction.
    func purge(_ id: String) async throws {
        guard let server = try await repository.read({ try await $0.server(id) }), server.isDeleting else { return }
        try await cleanUpPorts(of: id, keeping: Set(server.ports.filter { !$0.createdByBoot }.map(\.portId)))
        FailPoint.hit("delete.after_ports")
        let committed = LockedBox<InventoryCache.Entry?>(nil)
        try await repository.write { session in
            guard let stored = try await session.server(id), stored.isDeleting else { return }
            if let host = stored.host, var entry = try await current(host, in: session) {
                let change = entry.inventory.release(server: id)
                if !change.isEmpty {
                    guard try await session.apply(change, host: entry.host) else { throw Self.raceLost }
                    committed.set(entry)
                }
            }
            try await session.deleteServer(id)
        }
        if let entry = committed.get() { cache.store(entry) }
        logger.info("server freed", metadata: ["server": "\(id)"])
    }

    /// Undoes a build that stopped, from the store's facts only, so it also works after a crash:
    /// ports whose device_id is the server's are unbound (the user's, `keeping`) or deleted (the
    /// boot's), its devices are released, and it goes to ERROR with `error` as the fault — or,
    /// when it was deleted meanwhile, it is freed entirely.
    func abandon(_ id: String, error: any Error) async {
        let message = (error as? PatchbayError)?.message ?? "Build failed: \(error)"
        // A delete cancels the build's task, and a cancelled task gets no PostgreSQL connection:
        // the undo runs in a task of its own, so it always reaches the database.
        await Task { await undoBuild(id, message: message) }.value
    }

    private func undoBuild(_ id: String, message: String) async {
        do {
            guard let server = try await repository.read({ try await $0.server(id) }) else {
                // Freed already; a port the build created after that must not outlive it.
                return try await cleanUpPorts(of: id, keeping: [])
            }
            if server.isDeleting { return try await purge(id) }
            let userPorts = Set(server.ports.filter { !$0.createdByBoot }.map(\.portId))
            try await cleanUpPorts(of: id, keeping: userPorts)
            let now = clock.now()
            let committed = LockedBox<InventoryCache.Entry?>(nil)
            try await advance(id, on: .buildFailed, change: { server in
                server.host = nil
                server.ports = server.ports.filter { !$0.createdByBoot }.map { ServerPort(portId: $0.portId, createdByBoot: false) }
                server.aliasDevices = []
                server.fault = ServerFault(code: 500, message: message, created: now)
            }) { _, session in
                let heldOn = try await session.server(id)?.host
                try await self.releaseDevices(of: id, heldOn: heldOn, in: session, into: committed)
            }
            if let entry = committed.get() { cache.store(entry) }
            logger.notice("build failed", metadata: ["server": "\(id)", "fault": "\(message)"])
        } catch let refusal as PatchbayError where refusal.code == "compute.instance_invalid_state" {
            // Deleted between the read and the transition: free it instead.
            do { try await purge(id) } catch { logger.error("freeing a deleted build failed", metadata: ["server": "\(id)", "error": "\(error)"]) }
        } catch {
            logger.error("undoing a build failed; recovery will retry", metadata: ["server": "\(id)", "error": "\(error)"])
        }
    }

    /// Releases what `id` holds on `host` inside a transaction.
    func releaseDevices(of id: String, heldOn host: String?, in session: any ComputeSession,
                        into committed: LockedBox<InventoryCache.Entry?>) async throws {
        guard let host, var entry = try await current(host, in: session) else { return }
        let change = entry.inventory.release(server: id)
        guard !change.isEmpty else { return }
        guard try await session.apply(change, host: entry.host) else { throw Self.raceLost }
        committed.set(entry)
    }

    /// Frees the ports held by server `id`: those in `keeping` (the user's own) are unbound and
    /// cleaned of the boot's profile keys; every other one (created for it) is deleted.
    func cleanUpPorts(of id: String, keeping: Set<String>) async throws {
        for portId in try await network.portIds(device: id) {
            try await freePort(portId, of: id, delete: !keeping.contains(portId))
        }
    }

    /// The `binding:profile` keys the boot adds (and delete removes), as Nova's unbind does.
    static let bootProfileKeys: Set<String> = ["pci_vendor_info", "pci_slot", "physical_network", "pf_mac_address", "vf_num",
                                               "device_mac_address"]
}
