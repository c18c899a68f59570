import PatchbayCore

/// The Keystone admin API that tempest's dynamic credentials and operators use: domains,
/// projects, users and roles (create, list, show, update with PATCH, delete).
struct IdentityAdminController {
    let identity: IdentityService

    var base: String { identity.address.baseURL }

    func query(_ request: APIRequest, _ name: String) -> String? { request.query.last { $0.name == name }?.value }

    func object(_ request: APIRequest, _ key: String) throws -> [String: JSONValue] {
        guard let object = try request.requireBody()[key]?.objectValue else {
            throw PatchbayError.identityValidation("'\(key)' is a required property")
        }
        return object
    }

    func patch(_ body: [String: JSONValue]) throws -> IdentityPatch {
        var patch = IdentityPatch()
        patch.name = body["name"]?.stringValue
        patch.description = body["description"]?.stringValue
        if let enabled = body["enabled"] {
            guard let flag = enabled.boolValue else { throw PatchbayError.identityValidation("Invalid input for field 'enabled': \(enabled) is not of type 'boolean'") }
            patch.enabled = flag
        }
        patch.password = body["password"]?.stringValue
        if let email = body["email"] { patch.email = .some(email.stringValue) }
        if let project = body["default_project_id"] { patch.defaultProjectId = .some(project.stringValue) }
        patch.tags = body["tags"]?.arrayValue?.compactMap(\.stringValue)
        return patch
    }

    func requireName(_ body: [String: JSONValue]) throws -> String {
        guard let name = body["name"]?.stringValue, !name.isEmpty, name.count <= 255 else {
            throw PatchbayError.identityValidation("Invalid input for field 'name': 'name' is a required property of 1 to 255 characters")
        }
        return name
    }

    // MARK: domains

    func listDomains(_ request: APIRequest) async throws -> APIResponse {
        var domains = try await identity.domains(caller: request.caller)
        if let name = query(request, "name") { domains = domains.filter { $0.name == name } }
        if let enabled = query(request, "enabled") { domains = domains.filter { $0.enabled == (enabled.lowercased() != "false" && enabled != "0") } }
        return .ok(KeystoneWire.list("domains", domains.map { KeystoneWire.domain($0, base: base) }, base: base, path: "domains"))
    }

    func showDomain(_ request: APIRequest) async throws -> APIResponse {
        .ok(["domain": KeystoneWire.domain(try await identity.domain(request.parameter("id"), caller: request.caller), base: base)])
    }

    func createDomain(_ request: APIRequest) async throws -> APIResponse {
        let body = try object(request, "domain")
        let domain = try await identity.createDomain(name: try requireName(body), description: body["description"]?.stringValue ?? "",
                                                     enabled: body["enabled"]?.boolValue ?? true, caller: request.caller)
        return .created(["domain": KeystoneWire.domain(domain, base: base)])
    }

    func updateDomain(_ request: APIRequest) async throws -> APIResponse {
        let domain = try await identity.updateDomain(request.parameter("id"), try patch(try object(request, "domain")), caller: request.caller)
        return .ok(["domain": KeystoneWire.domain(domain, base: base)])
    }

    func deleteDomain(_ request: APIRequest) async throws -> APIResponse {
        try await identity.deleteDomain(request.parameter("id"), caller: request.caller)
        return .noContent
    }

    // MARK: projects

    func listProjects(_ request: APIRequest) async throws -> APIResponse {
        var projects = try await identity.projects(caller: request.caller)
        if let name = query(request, "name") { projects = projects.filter { $0.name == name } }
        if let domain = query(request, "domain_id") { projects = projects.filter { $0.domainId == domain } }
        return .ok(KeystoneWire.list("projects", projects.map { KeystoneWire.project($0, base: base) }, base: base, path: "projects"))
    }

    func showProject(_ request: APIRequest) async throws -> APIResponse {
        .ok(["project": KeystoneWire.project(try await identity.project(request.parameter("id"), caller: request.caller), base: base)])
    }

    func createProject(_ request: APIRequest) async throws -> APIResponse {
        let body = try object(request, "project")
        let project = try await identity.createProject(
            name: try requireName(body), domainId: body["domain_id"]?.stringValue ?? "default",
            description: body["description"]?.stringValue ?? "", enabled: body["enabled"]?.boolValue ?? true,
            tags: body["tags"]?.arrayValue?.compactMap(\.stringValue) ?? [], caller: request.caller)
        return .created(["project": KeystoneWire.project(project, base: base)])
    }

    func updateProject(_ request: APIRequest) async throws -> APIResponse {
        let project = try await identity.updateProject(request.parameter("id"), try patch(try object(request, "project")), caller: request.caller)
        return .ok(["project": KeystoneWire.project(project, base: base)])
    }

    func deleteProject(_ request: APIRequest) async throws -> APIResponse {
        try await identity.deleteProject(request.parameter("id"), caller: request.caller)
        return .noContent
    }
}
