import PatchbayCore

extension ComputeController {
    func listFlavors(_ request: APIRequest) async throws -> APIResponse {
        let detail = request.path.hasSuffix("/detail")
        let flavors = try await compute.flavors()
        return .ok(["flavors": .array(flavors.map { NovaWire.flavor($0, base: base, detail: detail) })])
    }

    func showFlavor(_ request: APIRequest) async throws -> APIResponse {
        .ok(["flavor": NovaWire.flavor(try await compute.flavor(request.parameter("id")), base: base)])
    }

    func createFlavor(_ request: APIRequest) async throws -> APIResponse {
        guard let body = try request.requireBody()["flavor"]?.objectValue,
              let name = body["name"]?.stringValue, !name.isEmpty,
              let ram = body["ram"]?.intValue, ram > 0, let vcpus = body["vcpus"]?.intValue, vcpus > 0
        else {
            throw PatchbayError.badRequest("Invalid input for field/attribute flavor: name, ram (> 0) and vcpus (> 0) are required.",
                                           code: "compute.invalid_flavor")
        }
        let id = body["id"]?.stringValue ?? UUIDv4.make()
        let flavor = Flavor(id: id, name: name, ramMB: ram, vcpus: vcpus, diskGB: body["disk"]?.intValue ?? 0,
                            isPublic: body["os-flavor-access:is_public"]?.boolValue ?? true,
                            description: body["description"]?.stringValue)
        return .ok(["flavor": NovaWire.flavor(try await compute.createFlavor(flavor, caller: request.caller), base: base)])
    }

    func deleteFlavor(_ request: APIRequest) async throws -> APIResponse {
        try await compute.deleteFlavor(request.parameter("id"), caller: request.caller)
        return APIResponse(status: 202)
    }

    func extraSpecs(_ request: APIRequest) async throws -> APIResponse {
        let flavor = try await compute.flavor(request.parameter("id"))
        return .ok(["extra_specs": .object(flavor.extraSpecs.mapValues(JSONValue.string))])
    }

    func setExtraSpecs(_ request: APIRequest) async throws -> APIResponse {
        guard let specs = try request.requireBody()["extra_specs"]?.objectValue else {
            throw PatchbayError.badRequest("Invalid input for field/attribute extra_specs.", code: "compute.invalid_extra_specs")
        }
        var values: [String: String] = [:]
        for (key, value) in specs {
            guard let text = value.stringValue ?? value.intValue.map(String.init) ?? value.boolValue.map({ $0 ? "true" : "false" }) else {
                throw PatchbayError.badRequest("Invalid input for field/attribute extra_specs: \(key) must be a string.",
                                               code: "compute.invalid_extra_specs")
            }
            values[key] = text
        }
        let flavor = try await compute.setExtraSpecs(request.parameter("id"), values, caller: request.caller)
        return .ok(["extra_specs": .object(flavor.extraSpecs.mapValues(JSONValue.string))])
    }

    func deleteExtraSpec(_ request: APIRequest) async throws -> APIResponse {
        try await compute.deleteExtraSpec(request.parameter("id"), key: request.parameter("key"), caller: request.caller)
        return .ok([:])
    }
}
