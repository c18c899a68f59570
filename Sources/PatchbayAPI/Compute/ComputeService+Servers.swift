import PatchbayCore
import PatchbayStore

extension ComputeService {
    /// Accepts a boot: validates the flavor and NICs, stores the server building and starts the
    /// build in the background (Nova answers 202 at once, too).
    func createServer(_ request: ServerCreate, caller: Caller) async throws -> Server {
        guard caller.canWrite else { throw PatchbayError.policyNotAuthorized("os_compute_api:servers:create") }
        guard let flavor = try await repository.read({ try await $0.flavor(request.flavorRef) }) else {
            throw PatchbayError(code: "compute.flavor_not_found", type: "FlavorNotFound", category: .badRequest,
                                message: "Flavor \(request.flavorRef) could not be found.")
        }
        if let aliases = flavor.extraSpecs[Flavor.pciAliasKey] {
            _ = try FlavorPCIRequest.parse(aliases, aliases: config.aliases)
        }
        let image = try await bootImage(request.imageRef, flavor: flavor, caller: caller)
        var guestData = request.guestData
        if let keyName = request.keyName {
            guard let pair = try await repository.read({ try await $0.keyPair(userId: caller.userId, name: keyName) }) else {
                throw PatchbayError.badRequest("Invalid key_name provided.", code: "compute.invalid_key_name")
            }
            guestData.keyName = pair.name
            guestData.keyData = pair.publicKey
        }
        let userPorts = request.nics.compactMap { nic -> String? in if case .port(let id) = nic { id } else { nil } }
        for portId in userPorts { _ = try await network.port(portId, caller: caller) }
        let now = clock.now()
        var server = Server(id: UUIDv4.make(), projectId: caller.projectId, userId: caller.userId, name: request.name,
                            flavor: flavor, imageRef: request.imageRef,
                            ports: userPorts.map { ServerPort(portId: $0, createdByBoot: false) }, audit: AuditStamp(createdAt: now))
        server.lease = BuildLease(owner: instanceId, expiresAt: now + config.buildLease)
        server.guestData = guestData
        server.storage = image.map { GuestStorage(image: $0.image, diskGB: flavor.diskGB) }
        // The row comes first, so whatever the build takes afterwards (a port's device_id, a
        // claim) belongs to a stored server that recovery can find and undo.
        let stored = server
        try await repository.write { try await $0.insert(stored) }
        do {
            // Reserve the given ports at once (atomically per port), as Nova sets device_id
            // before building; a port another server holds is a 409 and nothing is kept.
            for portId in userPorts { try await network.reservePort(portId, deviceId: server.id, caller: Self.serviceCaller) }
        } catch {
            try? await discard(server.id, userPorts: Set(userPorts))
            throw error
        }
        let builder = self
        let nics = request.nics
        builds.start(server.id) { await builder.build(stored.id, nics: nics) }
        return server
    }

    /// The servers the caller may see (admins: all); deleted ones are gone from lists at once.
    func servers(caller: Caller) async throws -> [Server] {
        guard caller.canRead else { throw PatchbayError.policyNotAuthorized("os_compute_api:servers:index") }
        return try await repository.read { try await $0.servers(projectId: caller.isAdmin ? nil : caller.projectId) }
            .filter { !$0.isDeleting }
    }

    /// One server, or 404 (also for other projects' servers). A deleted server is still shown,
    /// with task_state `deleting`, until it is freed.
    func server(_ id: String, caller: Caller) async throws -> Server {
        guard caller.canRead else { throw PatchbayError.policyNotAuthorized("os_compute_api:servers:show") }
        guard let server = try await repository.read({ try await $0.server(id) }),
              caller.isAdmin || caller.isService || server.projectId == caller.projectId
        else { throw Self.serverNotFound(id) }
        return server
    }

    /// Undoes a boot refused before its build started: releases the ports it reserved and
    /// removes the row.
    private func discard(_ id: String, userPorts: Set<String>) async throws {
        try await cleanUpPorts(of: id, keeping: userPorts)
        try await repository.write { try await $0.deleteServer(id) }
    }
}
