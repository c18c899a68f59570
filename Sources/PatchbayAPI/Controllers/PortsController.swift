import PatchbayCore

/// `/v2.0/ports`: HTTP only; the service does the work.
struct PortsController {
    let service: NetworkService
    let rendered = AttributeCache<Port>()

    func hidden(_ caller: Caller) -> Set<String> { caller.isAdminOrService ? [] : NetworkPolicy.bindingReads }

    func list(_ request: APIRequest) async throws -> APIResponse {
        let items = rendered.attributes(of: try await service.ports(caller: request.caller), render: PortWire.attributes)
        return try ListRenderer.list("ports", items, schema: PortWire.query, request: request, hidden: hidden(request.caller))
    }

    func show(_ request: APIRequest) async throws -> APIResponse {
        let port = try await service.port(request.parameter("id"), caller: request.caller)
        return ListRenderer.show("port", PortWire.attributes(port), request: request, hidden: hidden(request.caller))
    }

    func create(_ request: APIRequest) async throws -> APIResponse {
        let bodies = try ResourceBody.parse(try request.requireBody(), member: "port", collection: "ports",
                                            rules: PortWire.rules, isCreate: true)
        let creates = try bodies.map { try PortWire.create($0, caller: request.caller) }
        let items = try await service.createPorts(creates, caller: request.caller).map(PortWire.attributes)
        if request.body?["ports"] != nil { return ListRenderer.many("ports", items, hidden: hidden(request.caller)) }
        return ListRenderer.show("port", items[0], request: request, hidden: hidden(request.caller), status: 201)
    }

    func update(_ request: APIRequest) async throws -> APIResponse {
        let body = try ResourceBody.parse(try request.requireBody(), member: "port", collection: nil,
                                          rules: PortWire.rules, isCreate: false)[0]
        let port = try await service.updatePort(request.parameter("id"), try PortWire.update(body), caller: request.caller,
                                                expectedRevision: try request.expectedRevision())
        return ListRenderer.show("port", PortWire.attributes(port), request: request, hidden: hidden(request.caller))
    }

    func delete(_ request: APIRequest) async throws -> APIResponse {
        try await service.deletePort(request.parameter("id"), caller: request.caller, expectedRevision: try request.expectedRevision())
        return .noContent
    }
}
