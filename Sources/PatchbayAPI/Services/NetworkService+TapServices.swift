import PatchbayCore
import PatchbayStore

/// What a caller asks for when creating a tap service.
struct TapServiceCreate: Sendable {
    var projectId: String
    var name = ""
    var description = ""
    var portId: String
}

/// A name or description change on a tap service or tap flow (nil = unchanged).
struct TapUpdate: Sendable {
    var name: String?
    var description: String?
}

extension NetworkService {
    /// Creates tap services in one transaction: each port must be visible to the caller (else
    /// 404 `PortNotFound`) and belong to the service's project (else 403), and the project must
    /// be under its quota, counted inside the transaction.
    func createTapServices(_ requests: [TapServiceCreate], caller: Caller) async throws -> [(TapService, TapStatus)] {
        try TapPolicy.require(caller, "create_tap_service")
        return try await repository.write { session in
            var created: [(TapService, TapStatus)] = []
            for request in requests {
                let port = try await visiblePort(request.portId, caller: caller, in: session)
                guard port.projectId == request.projectId else { throw PatchbayError.tapPortNotOwned }
                try await checkTapQuota(flows: false, project: request.projectId, in: session)
                let service = TapService(id: UUIDv4.make(), projectId: request.projectId, name: request.name,
                                         description: request.description, portId: port.id)
                try await session.insert(service)
                created.append((service, TapPolicy.serviceStatus(port: port)))
            }
            return created
        }
    }

    /// Throws 409 `OverQuota` when the project already holds its quota of tap services (or
    /// flows); called inside the create's transaction, so concurrent creates cannot overshoot.
    func checkTapQuota(flows: Bool, project: String, in session: any NetworkSession) async throws {
        let counts = try await session.tapCounts(project: project)
        let (count, limit) = flows ? (counts.flows, config.tapQuota.tapFlows) : (counts.services, config.tapQuota.tapServices)
        guard TapQuota.allows(count, limit: limit) else {
            throw PatchbayError.tapQuotaExceeded(flows ? "tap_flow" : "tap_service", limit: limit)
        }
    }

    /// Loads a tap service of the caller's project (any, for admins), or throws `TapServiceNotFound`.
    func visibleTapService(_ id: String, caller: Caller, in session: any NetworkSession) async throws -> TapService {
        guard let service = try await session.tapService(id), caller.owns(service.projectId) || caller.isService else {
            throw PatchbayError.tapServiceNotFound(id)
        }
        return service
    }

    /// Shows one tap service with its status.
    func tapService(_ id: String, caller: Caller) async throws -> (TapService, TapStatus) {
        try TapPolicy.require(caller, "get_tap_service")
        return try await repository.read { session in
            let service = try await visibleTapService(id, caller: caller, in: session)
            return (service, TapPolicy.serviceStatus(port: try await session.port(service.portId)))
        }
    }

    /// Lists the caller's project's tap services (every project's for admins); a caller
    /// without the member role sees none, as Neutron's policy filter leaves it none.
    func tapServices(caller: Caller) async throws -> [(TapService, TapStatus)] {
        guard TapPolicy.allows(caller) else { return [] }
        return try await repository.read { session in
            var listed: [(TapService, TapStatus)] = []
            for service in try await session.tapServices(try visibility(caller)) {
                listed.append((service, TapPolicy.serviceStatus(port: try await session.port(service.portId))))
            }
            return listed
        }
    }

    /// Changes a tap service's name or description.
    func updateTapService(_ id: String, _ update: TapUpdate, caller: Caller) async throws -> (TapService, TapStatus) {
        try TapPolicy.require(caller, "update_tap_service")
        return try await repository.write { session in
            var service = try await visibleTapService(id, caller: caller, in: session)
            if let name = update.name { service.name = name }
            if let description = update.description { service.description = description }
            try await session.update(service)
            return (service, TapPolicy.serviceStatus(port: try await session.port(service.portId)))
        }
    }

    /// Deletes a tap service and its flows in one transaction.
    func deleteTapService(_ id: String, caller: Caller) async throws {
        try TapPolicy.require(caller, "delete_tap_service")
        try await repository.write { session in
            _ = try await visibleTapService(id, caller: caller, in: session)
            try await session.deleteTapService(id)
        }
    }
}
