import PatchbayCore
import PatchbayStore

/// Changes to an identity object; nil fields stay as they are.
struct IdentityPatch: Sendable {
    var name: String?
    var description: String?
    var enabled: Bool?
    var password: String?
    var email: String??
    var defaultProjectId: String??
    var tags: [String]?
}

extension IdentityService {
    // MARK: domains

    func domains(caller: Caller) async throws -> [Domain] {
        try requireReader(caller, "list_domains")
        return try await repository.read { try await $0.domains() }
    }

    func domain(_ id: String, caller: Caller) async throws -> Domain {
        try requireReader(caller, "get_domain")
        guard let domain = try await repository.read({ try await $0.domain(id) }) else { throw PatchbayError.identityNotFound("domain", id) }
        return domain
    }

    func createDomain(name: String, description: String, enabled: Bool, caller: Caller) async throws -> Domain {
        try requireAdmin(caller, "create_domain")
        let domain = Domain(id: Self.newId(), name: name, description: description, enabled: enabled)
        try await repository.write { session in
            if try await session.domain(named: name) != nil { throw PatchbayError.identityConflict("domain", "Duplicate entry found with name \(name).") }
            try await session.save(domain)
        }
        return domain
    }

    func updateDomain(_ id: String, _ patch: IdentityPatch, caller: Caller) async throws -> Domain {
        try requireAdmin(caller, "update_domain")
        let domain = try await repository.write { session -> Domain in
            guard var domain = try await session.domain(id) else { throw PatchbayError.identityNotFound("domain", id) }
            if let name = patch.name { domain.name = name }
            if let description = patch.description { domain.description = description }
            if let enabled = patch.enabled { domain.enabled = enabled }
            try await session.save(domain)
            return domain
        }
        await tokensChanged()
        return domain
    }

    func deleteDomain(_ id: String, caller: Caller) async throws {
        try requireAdmin(caller, "delete_domain")
        try await repository.write { session in
            guard let domain = try await session.domain(id) else { throw PatchbayError.identityNotFound("domain", id) }
            guard !domain.enabled else {
                throw PatchbayError(code: "identity.domain_enabled", type: "Forbidden", category: .forbidden,
                                    message: "Cannot delete a domain that is enabled, please disable it first.")
            }
            for project in try await session.projects() where project.domainId == id { try await session.deleteProject(project.id) }
            for user in try await session.users() where user.domainId == id { try await session.deleteUser(user.id) }
            try await session.deleteDomain(id)
        }
        await tokensChanged()
    }

    // MARK: projects

    func projects(caller: Caller) async throws -> [Project] {
        try requireReader(caller, "list_projects")
        return try await repository.read { try await $0.projects() }
    }

    func project(_ id: String, caller: Caller) async throws -> Project {
        guard caller.isAdmin || caller.isService || caller.projectId == id else { throw PatchbayError.identityForbidden("identity:get_project") }
        guard let project = try await repository.read({ try await $0.project(id) }) else { throw PatchbayError.identityNotFound("project", id) }
        return project
    }

    func createProject(name: String, domainId: String, description: String, enabled: Bool, tags: [String],
                       caller: Caller) async throws -> Project {
        try requireAdmin(caller, "create_project")
        let project = Project(id: Self.newId(), name: name, domainId: domainId, description: description, enabled: enabled, tags: tags)
        try await repository.write { session in
            guard try await session.domain(domainId) != nil else { throw PatchbayError.identityNotFound("domain", domainId) }
            if try await session.project(named: name, domainId: domainId) != nil {
                throw PatchbayError.identityConflict("project", "it is not permitted to have two projects with the same name in the same domain : \(name)")
            }
            try await session.save(project)
        }
        return project
    }

    func updateProject(_ id: String, _ patch: IdentityPatch, caller: Caller) async throws -> Project {
        try requireAdmin(caller, "update_project")
        let project = try await repository.write { session -> Project in
            guard var project = try await session.project(id) else { throw PatchbayError.identityNotFound("project", id) }
            if let name = patch.name { project.name = name }
            if let description = patch.description { project.description = description }
            if let enabled = patch.enabled { project.enabled = enabled }
            if let tags = patch.tags { project.tags = tags }
            try await session.save(project)
            return project
        }
        await tokensChanged()
        return project
    }

    func deleteProject(_ id: String, caller: Caller) async throws {
        try requireAdmin(caller, "delete_project")
        try await repository.write { session in
            guard try await session.project(id) != nil else { throw PatchbayError.identityNotFound("project", id) }
            try await session.deleteProject(id)
        }
        await tokensChanged()
    }
}
