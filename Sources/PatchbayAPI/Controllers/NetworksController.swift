import PatchbayCore

/// `/v2.0/networks`: HTTP only; the service does the work.
struct NetworksController {
    let service: NetworkService

    func hidden(_ caller: Caller) -> Set<String> { caller.isAdmin ? [] : NetworkPolicy.adminOnlyNetworkReads }

    func list(_ request: APIRequest) async throws -> APIResponse {
        let items = try await service.networks(caller: request.caller).map { NetworkWire.attributes($0.0, subnets: $0.1) }
        return try ListRenderer.list("networks", items, schema: NetworkWire.query, request: request, hidden: hidden(request.caller))
    }

    func show(_ request: APIRequest) async throws -> APIResponse {
        let (network, subnets) = try await service.network(request.parameter("id"), caller: request.caller)
        return ListRenderer.show("network", NetworkWire.attributes(network, subnets: subnets), request: request,
                                 hidden: hidden(request.caller))
    }

    func create(_ request: APIRequest) async throws -> APIResponse {
        let bodies = try ResourceBody.parse(try request.requireBody(), member: "network", collection: "networks",
                                            rules: NetworkWire.rules, isCreate: true)
        let creates = try bodies.map { try NetworkWire.create($0, caller: request.caller) }
        let created = try await service.createNetworks(creates, caller: request.caller)
        let items = created.map { NetworkWire.attributes($0.0, subnets: $0.1) }
        if request.body?["networks"] != nil { return ListRenderer.many("networks", items, hidden: hidden(request.caller)) }
        return ListRenderer.show("network", items[0], request: request, hidden: hidden(request.caller), status: 201)
    }

    func update(_ request: APIRequest) async throws -> APIResponse {
        let body = try ResourceBody.parse(try request.requireBody(), member: "network", collection: nil,
                                          rules: NetworkWire.rules, isCreate: false)[0]
        let update = try NetworkWire.update(body, caller: request.caller)
        let (network, subnets) = try await service.updateNetwork(request.parameter("id"), update, caller: request.caller,
                                                                 expectedRevision: try request.expectedRevision())
        return ListRenderer.show("network", NetworkWire.attributes(network, subnets: subnets), request: request,
                                 hidden: hidden(request.caller))
    }

    func delete(_ request: APIRequest) async throws -> APIResponse {
        try await service.deleteNetwork(request.parameter("id"), caller: request.caller, expectedRevision: try request.expectedRevision())
        return .noContent
    }
}
