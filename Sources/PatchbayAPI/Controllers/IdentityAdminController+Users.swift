import PatchbayCore

extension IdentityAdminController {
    func listUsers(_ request: APIRequest) async throws -> APIResponse {
        var users = try await identity.users(caller: request.caller)
        if let name = query(request, "name") { users = users.filter { $0.name == name } }
        if let domain = query(request, "domain_id") { users = users.filter { $0.domainId == domain } }
        return .ok(KeystoneWire.list("users", users.map { KeystoneWire.user($0, base: base) }, base: base, path: "users"))
    }

    func showUser(_ request: APIRequest) async throws -> APIResponse {
        .ok(["user": KeystoneWire.user(try await identity.user(request.parameter("id"), caller: request.caller), base: base)])
    }

    func createUser(_ request: APIRequest) async throws -> APIResponse {
        let body = try object(request, "user")
        let user = try await identity.createUser(
            name: try requireName(body), domainId: body["domain_id"]?.stringValue ?? "default",
            password: body["password"]?.stringValue,
            defaultProjectId: body["default_project_id"]?.stringValue ?? body["project_id"]?.stringValue,
            email: body["email"]?.stringValue, description: body["description"]?.stringValue ?? "",
            enabled: body["enabled"]?.boolValue ?? true, caller: request.caller)
        return .created(["user": KeystoneWire.user(user, base: base)])
    }

    func updateUser(_ request: APIRequest) async throws -> APIResponse {
        let user = try await identity.updateUser(request.parameter("id"), try patch(try object(request, "user")), caller: request.caller)
        return .ok(["user": KeystoneWire.user(user, base: base)])
    }

    func deleteUser(_ request: APIRequest) async throws -> APIResponse {
        try await identity.deleteUser(request.parameter("id"), caller: request.caller)
        return .noContent
    }

    func userProjects(_ request: APIRequest) async throws -> APIResponse {
        let projects = try await identity.projects(ofUser: request.parameter("id"), caller: request.caller)
        return .ok(KeystoneWire.list("projects", projects.map { KeystoneWire.project($0, base: base) }, base: base,
                                     path: "users/\(request.parameter("id"))/projects"))
    }

    // MARK: roles

    func listRoles(_ request: APIRequest) async throws -> APIResponse {
        var roles = try await identity.roles(caller: request.caller)
        if let name = query(request, "name") { roles = roles.filter { $0.name == name } }
        return .ok(KeystoneWire.list("roles", roles.map { KeystoneWire.role($0, base: base) }, base: base, path: "roles"))
    }

    func showRole(_ request: APIRequest) async throws -> APIResponse {
        .ok(["role": KeystoneWire.role(try await identity.role(request.parameter("id"), caller: request.caller), base: base)])
    }

    func createRole(_ request: APIRequest) async throws -> APIResponse {
        let body = try object(request, "role")
        let role = try await identity.createRole(name: try requireName(body), description: body["description"]?.stringValue ?? "",
                                                 caller: request.caller)
        return .created(["role": KeystoneWire.role(role, base: base)])
    }

    func updateRole(_ request: APIRequest) async throws -> APIResponse {
        let role = try await identity.updateRole(request.parameter("id"), try patch(try object(request, "role")), caller: request.caller)
        return .ok(["role": KeystoneWire.role(role, base: base)])
    }

    func deleteRole(_ request: APIRequest) async throws -> APIResponse {
        try await identity.deleteRole(request.parameter("id"), caller: request.caller)
        return .noContent
    }

    // MARK: grants

    func assignment(_ request: APIRequest, domain: Bool) -> RoleAssignment {
        RoleAssignment(userId: request.parameter("user"), roleId: request.parameter("role"),
                       scope: domain ? .domain(request.parameter("target")) : .project(request.parameter("target")))
    }

    func grant(domain: Bool) -> @Sendable (APIRequest) async throws -> APIResponse {
        { request in
            try await identity.grant(assignment(request, domain: domain), caller: request.caller)
            return .noContent
        }
    }

    func revokeGrant(domain: Bool) -> @Sendable (APIRequest) async throws -> APIResponse {
        { request in
            try await identity.revokeGrant(assignment(request, domain: domain), caller: request.caller)
            return .noContent
        }
    }

    func checkGrant(domain: Bool) -> @Sendable (APIRequest) async throws -> APIResponse {
        { request in
            guard try await identity.hasGrant(assignment(request, domain: domain), caller: request.caller) else {
                throw PatchbayError.identityNotFound("role assignment", request.parameter("role"))
            }
            return .noContent
        }
    }

    func listGrants(domain: Bool) -> @Sendable (APIRequest) async throws -> APIResponse {
        { request in
            let target = request.parameter("target")
            let roles = try await identity.grantedRoles(userId: request.parameter("user"), scope: domain ? .domain(target) : .project(target),
                                                        caller: request.caller)
            return .ok(KeystoneWire.list("roles", roles.map { KeystoneWire.role($0, base: base) }, base: base, path: "roles"))
        }
    }

    func listAssignments(_ request: APIRequest) async throws -> APIResponse {
        let scope: Scope? = query(request, "scope.project.id").map(Scope.project) ?? query(request, "scope.domain.id").map(Scope.domain)
        let assignments = try await identity.assignments(userId: query(request, "user.id"), scope: scope,
                                                         roleId: query(request, "role.id"), caller: request.caller)
        return .ok(KeystoneWire.list("role_assignments", assignments.map { KeystoneWire.assignment($0, base: base) }, base: base,
                                     path: "role_assignments"))
    }
}
