import PatchbayCore

/// `/v2.0/taas/tap_services`: HTTP only; the service does the work.
struct TapServicesController {
    let service: NetworkService

    func list(_ request: APIRequest) async throws -> APIResponse {
        let items = try await service.tapServices(caller: request.caller).map { TapWire.attributes($0.0, status: $0.1) }
        return try ListRenderer.list("tap_services", items, schema: TapWire.serviceQuery, request: request, hidden: TapWire.hidden)
    }

    func show(_ request: APIRequest) async throws -> APIResponse {
        let (tap, status) = try await service.tapService(request.parameter("id"), caller: request.caller)
        return ListRenderer.show("tap_service", TapWire.attributes(tap, status: status), request: request, hidden: TapWire.hidden)
    }

    func create(_ request: APIRequest) async throws -> APIResponse {
        let bodies = try ResourceBody.parse(try request.requireBody(), member: "tap_service", collection: "tap_services",
                                            rules: TapWire.serviceRules, isCreate: true)
        let creates = try bodies.map { try TapWire.createService($0, caller: request.caller) }
        let items = try await service.createTapServices(creates, caller: request.caller).map { TapWire.attributes($0.0, status: $0.1) }
        if request.body?["tap_services"] != nil { return ListRenderer.many("tap_services", items, hidden: TapWire.hidden) }
        return ListRenderer.show("tap_service", items[0], request: request, hidden: TapWire.hidden, status: 201)
    }

    func update(_ request: APIRequest) async throws -> APIResponse {
        let body = try ResourceBody.parse(try request.requireBody(), member: "tap_service", collection: nil,
                                          rules: TapWire.serviceRules, isCreate: false)[0]
        let (tap, status) = try await service.updateTapService(request.parameter("id"), try TapWire.update(body, nameLimit: 255),
                                                               caller: request.caller)
        return ListRenderer.show("tap_service", TapWire.attributes(tap, status: status), request: request, hidden: TapWire.hidden)
    }

    func delete(_ request: APIRequest) async throws -> APIResponse {
        try await service.deleteTapService(request.parameter("id"), caller: request.caller)
        return .noContent
    }
}
