import PatchbayCore
import PatchbayStore

extension ComputeService {
    /// Accepts a boot: validates the flavor and NICs, stores the server in BUILD and starts the
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
        let server = Server(id: UUIDv4.make(), projectId: caller.projectId, userId: caller.userId, name: request.name,
                            flavor: flavor, imageRef: request.imageRef, audit: AuditStamp(createdAt: clock.now()))
        // Reserve the given ports for this server at once (atomically per port), as Nova sets
        // device_id before building; a port another server holds is a 409 and nothing is kept.
        var reserved: [String] = []
        do {
            for case .port(let portId) in request.nics {
                _ = try await network.port(portId, caller: caller)
                try await network.reservePort(portId, deviceId: server.id, caller: Self.serviceCaller)
                reserved.append(portId)
            }
        } catch {
            try? await detachPorts(reserved.map { ServerPort(portId: $0, createdByBoot: false) })
            throw error
        }
        try await repository.write { try await $0.save(server) }
        let builder = self
        Task { await builder.build(server, nics: request.nics, caller: caller) }
        return server
    }

    /// The servers the caller may see (admins: all).
    func servers(caller: Caller) async throws -> [Server] {
        try await repository.read { try await $0.servers(projectId: caller.isAdmin ? nil : caller.projectId) }
    }

    /// One server, or 404 (also for other projects' servers).
    func server(_ id: String, caller: Caller) async throws -> Server {
        guard let server = try await repository.read({ try await $0.server(id) }),
              caller.isAdmin || caller.isService || server.projectId == caller.projectId
        else {
            throw PatchbayError(code: "compute.server_not_found", type: "InstanceNotFound", category: .notFound,
                                message: "Instance \(id) could not be found.")
        }
        return server
    }

    /// Deletes a server: frees its devices, strips Patchbay's keys from its ports' profiles,
    /// unbinds the ports it did not create and deletes the ones it did.
    func deleteServer(_ id: String, caller: Caller) async throws {
        let server = try await server(id, caller: caller)
        guard caller.canWrite else { throw PatchbayError.policyNotAuthorized("os_compute_api:servers:delete") }
        try await releaseDevices(of: server)
        try await detachPorts(server.ports)
        try await repository.write { try await $0.deleteServer(id) }
    }

    /// Frees every device a server holds on its host (compare-and-swap on the host generation).
    func releaseDevices(of server: Server) async throws {
        guard let hostName = server.host else { return }
        let entry = try await repository.write { session -> InventoryCache.Entry? in
            guard var entry = try await current(hostName, in: session) else { return nil }
            let change = entry.inventory.release(server: server.id)
            guard !change.isEmpty else { return entry }
            guard try await session.apply(change, host: entry.host) else { throw Self.raceLost }
            return entry
        }
        if let entry { cache.store(entry) }
    }

    /// Undoes what the boot did to ports: delete created ones, unbind and clean the others.
    func detachPorts(_ ports: [ServerPort]) async throws {
        let service = Caller(projectId: "", userId: "patchbay-compute", roles: ["service", "admin"])
        for attached in ports {
            if attached.createdByBoot {
                do { try await network.deletePort(attached.portId, caller: service) } catch let error as PatchbayError where error.category == .notFound {}
                continue
            }
            guard let port = try? await network.port(attached.portId, caller: service) else { continue }
            var update = PortUpdate()
            update.hostId = ""
            update.profile = port.binding.profile.filter { !Self.bootProfileKeys.contains($0.key) }
            update.deviceId = ""
            update.deviceOwner = ""
            update.present = ["binding:host_id", "binding:profile", "device_id", "device_owner"]
            _ = try await network.updatePort(attached.portId, update, caller: service)
        }
    }

    /// The `binding:profile` keys the boot adds (and delete removes), as Nova's unbind does.
    static let bootProfileKeys: Set<String> = ["pci_vendor_info", "pci_slot", "physical_network", "pf_mac_address", "vf_num",
                                               "device_mac_address"]
}
