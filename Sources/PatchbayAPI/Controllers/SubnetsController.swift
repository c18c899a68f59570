import PatchbayCore

/// `/v2.0/subnets`: HTTP only; the service does the work.
struct SubnetsController {
    let service: NetworkService

    func list(_ request: APIRequest) async throws -> APIResponse {
        let items = try await service.subnets(caller: request.caller).map { subnet, shared in
            var attributes = SubnetWire.attributes(subnet)
            attributes["shared"] = .bool(shared)
            return attributes
        }
        // `shared` is filterable but never shown, as in Neutron.
        return try ListRenderer.list("subnets", items, schema: SubnetWire.query, request: request, hidden: ["shared"])
    }

    func show(_ request: APIRequest) async throws -> APIResponse {
        let subnet = try await service.subnet(request.parameter("id"), caller: request.caller)
        return ListRenderer.show("subnet", SubnetWire.attributes(subnet), request: request, hidden: [])
    }

    func create(_ request: APIRequest) async throws -> APIResponse {
        let bodies = try ResourceBody.parse(try request.requireBody(), member: "subnet", collection: "subnets",
                                            rules: SubnetWire.rules, isCreate: true)
        let creates = try bodies.map { try SubnetWire.create($0, caller: request.caller) }
        let items = try await service.createSubnets(creates, caller: request.caller).map(SubnetWire.attributes)
        if request.body?["subnets"] != nil { return ListRenderer.many("subnets", items, hidden: []) }
        return ListRenderer.show("subnet", items[0], request: request, hidden: [], status: 201)
    }

    func update(_ request: APIRequest) async throws -> APIResponse {
        let body = try ResourceBody.parse(try request.requireBody(), member: "subnet", collection: nil,
                                          rules: SubnetWire.rules, isCreate: false)[0]
        let subnet = try await service.updateSubnet(request.parameter("id"), try SubnetWire.update(body), caller: request.caller,
                                                    expectedRevision: try request.expectedRevision())
        return ListRenderer.show("subnet", SubnetWire.attributes(subnet), request: request, hidden: [])
    }

    func delete(_ request: APIRequest) async throws -> APIResponse {
        try await service.deleteSubnet(request.parameter("id"), caller: request.caller, expectedRevision: try request.expectedRevision())
        return .noContent
    }
}
