import PatchbayCore

/// `/v2.0/taas/tap_flows`: HTTP only; the service does the work.
struct TapFlowsController {
    let service: NetworkService

    func list(_ request: APIRequest) async throws -> APIResponse {
        let items = try await service.tapFlows(caller: request.caller).map { TapWire.attributes($0.0, status: $0.1) }
        return try ListRenderer.list("tap_flows", items, schema: TapWire.flowQuery, request: request, hidden: TapWire.hidden)
    }

    func show(_ request: APIRequest) async throws -> APIResponse {
        let (flow, status) = try await service.tapFlow(request.parameter("id"), caller: request.caller)
        return ListRenderer.show("tap_flow", TapWire.attributes(flow, status: status), request: request, hidden: TapWire.hidden)
    }

    func create(_ request: APIRequest) async throws -> APIResponse {
        let bodies = try ResourceBody.parse(try request.requireBody(), member: "tap_flow", collection: "tap_flows",
                                            rules: TapWire.flowRules, isCreate: true)
        let creates = try bodies.map { try TapWire.createFlow($0, caller: request.caller) }
        let items = try await service.createTapFlows(creates, caller: request.caller).map { TapWire.attributes($0.0, status: $0.1) }
        if request.body?["tap_flows"] != nil { return ListRenderer.many("tap_flows", items, hidden: TapWire.hidden) }
        return ListRenderer.show("tap_flow", items[0], request: request, hidden: TapWire.hidden, status: 201)
    }

    func update(_ request: APIRequest) async throws -> APIResponse {
        let body = try ResourceBody.parse(try request.requireBody(), member: "tap_flow", collection: nil,
                                          rules: TapWire.flowRules, isCreate: false)[0]
        let (flow, status) = try await service.updateTapFlow(request.parameter("id"), try TapWire.update(body, nameLimit: 1024),
                                                             caller: request.caller)
        return ListRenderer.show("tap_flow", TapWire.attributes(flow, status: status), request: request, hidden: TapWire.hidden)
    }

    func delete(_ request: APIRequest) async throws -> APIResponse {
        try await service.deleteTapFlow(request.parameter("id"), caller: request.caller)
        return .noContent
    }
}
