import PatchbayCore
import PatchbayStore

/// What a caller asks for when creating a tap flow.
struct TapFlowCreate: Sendable {
    var projectId: String
    var tapServiceId: String
    var name = ""
    var description = ""
    var sourcePort: String
    var direction: TapDirection
    var vlanFilter: VLANFilter?
}

extension NetworkService {
    /// Creates tap flows in one transaction: the service must be visible (404
    /// `TapServiceNotFound`) and of the flow's project (403), the source port visible (404
    /// `PortNotFound`), and the project under its quota, counted inside the transaction.
    func createTapFlows(_ requests: [TapFlowCreate], caller: Caller) async throws -> [(TapFlow, TapStatus)] {
        try TapPolicy.require(caller, "create_tap_flow")
        return try await repository.write { session in
            var created: [(TapFlow, TapStatus)] = []
            for request in requests {
                let service = try await visibleTapService(request.tapServiceId, caller: caller, in: session)
                guard service.projectId == request.projectId else { throw PatchbayError.tapServiceNotOwned }
                let source = try await visiblePort(request.sourcePort, caller: caller, in: session)
                try await checkTapQuota(flows: true, project: request.projectId, in: session)
                let flow = TapFlow(id: UUIDv4.make(), projectId: request.projectId, tapServiceId: service.id,
                                   name: request.name, description: request.description, sourcePort: source.id,
                                   direction: request.direction, vlanFilter: request.vlanFilter?.text)
                try await session.insert(flow)
                created.append((flow, try await flowStatus(flow, in: session)))
            }
            return created
        }
    }

    /// Loads a tap flow of the caller's project (any, for admins), or throws `TapFlowNotFound`.
    func visibleTapFlow(_ id: String, caller: Caller, in session: any NetworkSession) async throws -> TapFlow {
        guard let flow = try await session.tapFlow(id), caller.owns(flow.projectId) || caller.isService else {
            throw PatchbayError.tapFlowNotFound(id)
        }
        return flow
    }

    /// A flow's status as shown: what its agents reported while both ends are bound, else `DOWN`.
    func flowStatus(_ flow: TapFlow, in session: any NetworkSession) async throws -> TapStatus {
        let source = try await session.port(flow.sourcePort)
        let servicePort = try await session.tapService(flow.tapServiceId).map(\.portId)
        let target = if let servicePort { try await session.port(servicePort) } else { Port?.none }
        return TapPolicy.flowStatus(flow, source: source, service: target)
    }

    /// Shows one tap flow with its status.
    func tapFlow(_ id: String, caller: Caller) async throws -> (TapFlow, TapStatus) {
        try TapPolicy.require(caller, "get_tap_flow")
        return try await repository.read { session in
            let flow = try await visibleTapFlow(id, caller: caller, in: session)
            return (flow, try await flowStatus(flow, in: session))
        }
    }

    /// Lists the caller's project's tap flows (every project's for admins); none without the member role.
    func tapFlows(caller: Caller) async throws -> [(TapFlow, TapStatus)] {
        guard TapPolicy.allows(caller) else { return [] }
        return try await repository.read { session in
            var listed: [(TapFlow, TapStatus)] = []
            for flow in try await session.tapFlows(try visibility(caller)) {
                listed.append((flow, try await flowStatus(flow, in: session)))
            }
            return listed
        }
    }

    /// Changes a tap flow's name or description.
    func updateTapFlow(_ id: String, _ update: TapUpdate, caller: Caller) async throws -> (TapFlow, TapStatus) {
        try TapPolicy.require(caller, "update_tap_flow")
        return try await repository.write { session in
            var flow = try await visibleTapFlow(id, caller: caller, in: session)
            if let name = update.name { flow.name = name }
            if let description = update.description { flow.description = description }
            try await session.update(flow)
            return (flow, try await flowStatus(flow, in: session))
        }
    }

    /// Deletes a tap flow.
    func deleteTapFlow(_ id: String, caller: Caller) async throws {
        try TapPolicy.require(caller, "delete_tap_flow")
        try await repository.write { session in
            _ = try await visibleTapFlow(id, caller: caller, in: session)
            try await session.deleteTapFlow(id)
        }
    }
}
