import PatchbayCore

/// `/v2.0/{networks|subnets|ports}/{id}/tags[/{tag}]` (standard-attr-tag).
struct TagsController {
    let service: NetworkService
    let collection: String

    func list(_ request: APIRequest) async throws -> APIResponse {
        .ok(["tags": .array(try await service.tags(collection: collection, id: request.parameter("id"), caller: request.caller)
            .map(JSONValue.string))])
    }

    func replace(_ request: APIRequest) async throws -> APIResponse {
        guard let items = try request.requireBody()["tags"]?.arrayValue else {
            throw PatchbayError.badRequest("Invalid input for tags. Reason: tags must be a list.", code: "tag.invalid")
        }
        let tags = try TagRules.validate(try items.map { item in
            guard let tag = item.stringValue else { throw PatchbayError.badRequest("Invalid input for tags. Reason: '\(item)' is not a valid tag.", code: "tag.invalid") }
            return tag
        })
        let saved = try await service.setTags(collection: collection, id: request.parameter("id"), tags: tags, caller: request.caller)
        return .ok(["tags": .array(saved.map(JSONValue.string))])
    }

    func clear(_ request: APIRequest) async throws -> APIResponse {
        _ = try await service.setTags(collection: collection, id: request.parameter("id"), tags: [], caller: request.caller)
        return .noContent
    }

    func check(_ request: APIRequest) async throws -> APIResponse {
        let tags = try await service.tags(collection: collection, id: request.parameter("id"), caller: request.caller)
        guard tags.contains(request.parameter("tag")) else { throw tagNotFound(request) }
        return .noContent
    }

    func add(_ request: APIRequest) async throws -> APIResponse {
        let tag = request.parameter("tag")
        try TagRules.validate(tag)
        var tags = try await service.tags(collection: collection, id: request.parameter("id"), caller: request.caller)
        if !tags.contains(tag) {
            tags.append(tag)
            _ = try await service.setTags(collection: collection, id: request.parameter("id"), tags: try TagRules.validate(tags),
                                          caller: request.caller)
        }
        return APIResponse(status: 201)
    }

    func remove(_ request: APIRequest) async throws -> APIResponse {
        var tags = try await service.tags(collection: collection, id: request.parameter("id"), caller: request.caller)
        guard let index = tags.firstIndex(of: request.parameter("tag")) else { throw tagNotFound(request) }
        tags.remove(at: index)
        _ = try await service.setTags(collection: collection, id: request.parameter("id"), tags: tags, caller: request.caller)
        return .noContent
    }

    private func tagNotFound(_ request: APIRequest) -> PatchbayError {
        PatchbayError(code: "tag.not_found", type: "TagNotFound", category: .notFound,
                      message: "Tag \(request.parameter("tag")) could not be found.")
    }
}
