import PatchbayCore

/// `/v2.0/taas/tap_services` and `/v2.0/taas/tap_flows`: HTTP only, one shape for both
/// collections; the service does the work.
struct TapsController {
    let member: String
    let collection: String
    let rules: AttributeRules
    let query: QuerySchema
    /// The longest name PUT accepts (TaaS checks 255 on services, nothing on flows).
    let nameLimit: Int
    /// The 404 for an id of this collection (a missing `marker` too).
    let notFound: @Sendable (String) -> PatchbayError
    let listAll: @Sendable (Caller) async throws -> [[String: JSONValue]]
    let showOne: @Sendable (String, Caller) async throws -> [String: JSONValue]
    let createAll: @Sendable ([ResourceBody], Caller) async throws -> [[String: JSONValue]]
    let updateOne: @Sendable (String, TapUpdate, Caller) async throws -> [String: JSONValue]
    let deleteOne: @Sendable (String, Caller) async throws -> Void

    static func services(_ service: NetworkService) -> TapsController {
        TapsController(
            member: "tap_service", collection: "tap_services", rules: TapWire.serviceRules, query: TapWire.serviceQuery,
            nameLimit: 255, notFound: PatchbayError.tapServiceNotFound,
            listAll: { try await service.tapServices(caller: $0).map(TapWire.attributes) },
            showOne: { TapWire.attributes(try await service.tapService($0, caller: $1)) },
            createAll: { bodies, caller in
                let creates = try bodies.map { try TapWire.createService($0, caller: caller) }
                return try await service.createTapServices(creates, caller: caller).map(TapWire.attributes)
            },
            updateOne: { TapWire.attributes(try await service.updateTapService($0, $1, caller: $2)) },
            deleteOne: { try await service.deleteTapService($0, caller: $1) })
    }

    static func flows(_ service: NetworkService) -> TapsController {
        TapsController(
            member: "tap_flow", collection: "tap_flows", rules: TapWire.flowRules, query: TapWire.flowQuery, nameLimit: 1024,
            notFound: PatchbayError.tapFlowNotFound,
            listAll: { try await service.tapFlows(caller: $0).map(TapWire.attributes) },
            showOne: { TapWire.attributes(try await service.tapFlow($0, caller: $1)) },
            createAll: { bodies, caller in
                let creates = try bodies.map { try TapWire.createFlow($0, caller: caller) }
                return try await service.createTapFlows(creates, caller: caller).map(TapWire.attributes)
            },
            updateOne: { TapWire.attributes(try await service.updateTapFlow($0, $1, caller: $2)) },
            deleteOne: { try await service.deleteTapFlow($0, caller: $1) })
    }

    func list(_ request: APIRequest) async throws -> APIResponse {
        try ListRenderer.list(collection, try await listAll(request.caller), schema: query, request: request,
                              hidden: TapWire.hidden, markerNotFound: notFound)
    }

    func show(_ request: APIRequest) async throws -> APIResponse {
        ListRenderer.show(member, try await showOne(request.parameter("id"), request.caller), request: request, hidden: TapWire.hidden)
    }

    func create(_ request: APIRequest) async throws -> APIResponse {
        let bodies = try ResourceBody.parse(try request.requireBody(), member: member, collection: collection,
                                            rules: rules, isCreate: true)
        let items = try await createAll(bodies, request.caller)
        if request.body?[collection] != nil { return ListRenderer.many(collection, items, hidden: TapWire.hidden) }
        return ListRenderer.show(member, items[0], request: request, hidden: TapWire.hidden, status: 201)
    }

    func update(_ request: APIRequest) async throws -> APIResponse {
        let body = try ResourceBody.parse(try request.requireBody(), member: member, collection: nil, rules: rules, isCreate: false)[0]
        let update = TapUpdate(name: try body.string("name", maxLength: nameLimit),
                               description: try body.string("description", maxLength: 1024))
        let item = try await updateOne(request.parameter("id"), update, request.caller)
        return ListRenderer.show(member, item, request: request, hidden: TapWire.hidden)
    }

    func delete(_ request: APIRequest) async throws -> APIResponse {
        try await deleteOne(request.parameter("id"), request.caller)
        return .noContent
    }
}
