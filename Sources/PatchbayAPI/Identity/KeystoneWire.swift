import PatchbayCore

/// Identity objects in Keystone's JSON shapes.
enum KeystoneWire {
    /// Keystone prints times with microseconds: `2026-11-21T07:39:03.000000Z`.
    static func time(_ seconds: Int64) -> JSONValue {
        .string(Timestamp.iso8601(seconds).dropLast().description + ".000000Z")
    }

    static func link(_ base: String, _ path: String) -> JSONValue { ["self": .string("\(base)/identity/v3/\(path)")] }

    static func domain(_ domain: Domain, base: String) -> JSONValue {
        ["id": .string(domain.id), "name": .string(domain.name), "description": .string(domain.description),
         "enabled": .bool(domain.enabled), "tags": [], "options": [:], "links": link(base, "domains/\(domain.id)")]
    }

    static func project(_ project: Project, base: String) -> JSONValue {
        ["id": .string(project.id), "name": .string(project.name), "domain_id": .string(project.domainId),
         "description": .string(project.description), "enabled": .bool(project.enabled), "parent_id": .string(project.domainId),
         "is_domain": false, "tags": .array(project.tags.map(JSONValue.string)), "options": [:],
         "links": link(base, "projects/\(project.id)")]
    }

    static func user(_ user: User, base: String) -> JSONValue {
        var body: [String: JSONValue] = [
            "id": .string(user.id), "name": .string(user.name), "domain_id": .string(user.domainId),
            "enabled": .bool(user.enabled), "password_expires_at": .null, "options": [:], "links": link(base, "users/\(user.id)"),
        ]
        if let project = user.defaultProjectId { body["default_project_id"] = .string(project) }
        if let email = user.email { body["email"] = .string(email) }
        if !user.description.isEmpty { body["description"] = .string(user.description) }
        return .object(body)
    }

    static func role(_ role: Role, base: String) -> JSONValue {
        ["id": .string(role.id), "name": .string(role.name), "domain_id": .null, "description": .string(role.description),
         "options": [:], "links": link(base, "roles/\(role.id)")]
    }

    static func list(_ key: String, _ items: [JSONValue], base: String, path: String) -> JSONValue {
        [key: .array(items), "links": ["self": .string("\(base)/identity/v3/\(path)"), "previous": .null, "next": .null]]
    }

    static func assignment(_ assignment: RoleAssignment, base: String) -> JSONValue {
        let scope: JSONValue
        let path: String
        switch assignment.scope {
        case .project(let id):
            scope = ["project": ["id": .string(id)]]
            path = "projects/\(id)/users/\(assignment.userId)/roles/\(assignment.roleId)"
        case .domain(let id):
            scope = ["domain": ["id": .string(id)]]
            path = "domains/\(id)/users/\(assignment.userId)/roles/\(assignment.roleId)"
        case .unscoped:
            scope = [:]
            path = ""
        }
        return ["role": ["id": .string(assignment.roleId)], "user": ["id": .string(assignment.userId)], "scope": scope,
                "links": ["assignment": .string("\(base)/identity/v3/\(path)")]]
    }

    /// The `token` body Keystone returns on issue and validation.
    static func token(_ context: TokenContext, catalog: JSONValue?) -> JSONValue {
        var token: [String: JSONValue] = [
            "methods": .array(context.record.methods.map(JSONValue.string)),
            "user": ["id": .string(context.user.id), "name": .string(context.user.name),
                     "domain": ["id": .string(context.userDomain.id), "name": .string(context.userDomain.name)],
                     "password_expires_at": .null],
            "audit_ids": .array(([context.record.auditId] + context.record.parentAuditIds).map(JSONValue.string)),
            "expires_at": time(context.record.expiresAt),
            "issued_at": time(context.record.issuedAt),
        ]
        if let (project, domain) = context.project {
            token["project"] = ["id": .string(project.id), "name": .string(project.name),
                                "domain": ["id": .string(domain.id), "name": .string(domain.name)]]
            token["is_domain"] = false
        }
        if let domain = context.domain { token["domain"] = ["id": .string(domain.id), "name": .string(domain.name)] }
        if context.record.scope != .unscoped {
            token["roles"] = .array(context.roles.map { ["id": .string($0.id), "name": .string($0.name)] })
            if let catalog { token["catalog"] = catalog }
        }
        return ["token": .object(token)]
    }
}
