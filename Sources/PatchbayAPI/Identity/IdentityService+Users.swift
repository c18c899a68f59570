import PatchbayCore
import PatchbayStore

extension IdentityService {
    func users(caller: Caller) async throws -> [User] {
        try requireReader(caller, "list_users")
        return try await repository.read { try await $0.users() }
    }

    func user(_ id: String, caller: Caller) async throws -> User {
        guard caller.isAdmin || caller.isService || caller.userId == id else { throw PatchbayError.identityForbidden("identity:get_user") }
        guard let user = try await repository.read({ try await $0.user(id) }) else { throw PatchbayError.identityNotFound("user", id) }
        return user
    }

    func createUser(name: String, domainId: String, password: String?, defaultProjectId: String?, email: String?,
                    description: String, enabled: Bool, caller: Caller) async throws -> User {
        try requireAdmin(caller, "create_user")
        try Self.requireTenantUserName(name)
        let hash: String? = if let password { try await hashing.hash(password) } else { nil }
        let user = User(id: Self.newId(), name: name, domainId: domainId, defaultProjectId: defaultProjectId, enabled: enabled,
                        email: email, description: description, passwordHash: hash)
        try await repository.write { session in
            guard try await session.domain(domainId) != nil else { throw PatchbayError.identityNotFound("domain", domainId) }
            if try await session.user(named: name, domainId: domainId) != nil {
                throw PatchbayError.identityConflict("user", "Duplicate entry found with name \(name) at domain ID \(domainId).")
            }
            try await session.save(user)
        }
        return user
    }

    func updateUser(_ id: String, _ patch: IdentityPatch, caller: Caller) async throws -> User {
        try requireAdmin(caller, "update_user")
        if let name = patch.name { try Self.requireTenantUserName(name) }
        let hash: String? = if let password = patch.password { try await hashing.hash(password) } else { nil }
        let (user, lockoutKeys) = try await repository.write { session -> (User, [String]) in
            guard var user = try await session.user(id) else { throw PatchbayError.identityNotFound("user", id) }
            if let name = patch.name { user.name = name }
            if let description = patch.description { user.description = description }
            if let enabled = patch.enabled { user.enabled = enabled }
            if let email = patch.email { user.email = email }
            if let project = patch.defaultProjectId { user.defaultProjectId = project }
            if let hash { user.passwordHash = hash }
            try await session.save(user)
            if hash != nil || patch.enabled == false { _ = try await session.revokeTokens(userId: id) }
            guard hash != nil else { return (user, []) }
            return (user, Self.throttleKeys(of: user, domain: try await session.domain(user.domainId)))
        }
        await tokensChanged()
        // A new password ends a lockout: how an operator lets a locked user in again.
        throttle.clear(users: lockoutKeys)
        return user
    }

    func deleteUser(_ id: String, caller: Caller) async throws {
        try requireAdmin(caller, "delete_user")
        try await repository.write { session in
            guard try await session.user(id) != nil else { throw PatchbayError.identityNotFound("user", id) }
            try await session.deleteUser(id)
        }
        await tokensChanged()
    }

    /// Projects on which a user holds any role.
    func projects(ofUser userId: String, caller: Caller) async throws -> [Project] {
        guard caller.isAdmin || caller.isService || caller.userId == userId else {
            throw PatchbayError.identityForbidden("identity:list_user_projects")
        }
        return try await repository.read { session in
            let ids = Set(try await session.assignments(userId: userId, scope: nil).compactMap { assignment -> String? in
                if case .project(let id) = assignment.scope { return id }
                return nil
            })
            return try await session.projects().filter { ids.contains($0.id) && $0.enabled }
        }
    }

    // MARK: roles

    func roles(caller: Caller) async throws -> [Role] {
        try requireReader(caller, "list_roles")
        return try await repository.read { try await $0.roles() }
    }

    func role(_ id: String, caller: Caller) async throws -> Role {
        try requireReader(caller, "get_role")
        guard let role = try await repository.read({ try await $0.role(id) }) else { throw PatchbayError.identityNotFound("role", id) }
        return role
    }

    func createRole(name: String, description: String, caller: Caller) async throws -> Role {
        try requireAdmin(caller, "create_role")
        let role = Role(id: Self.newId(), name: name, description: description)
        try await repository.write { session in
            if try await session.role(named: name) != nil { throw PatchbayError.identityConflict("role", "Duplicate entry found with name \(name).") }
            try await session.save(role)
        }
        return role
    }

    func updateRole(_ id: String, _ patch: IdentityPatch, caller: Caller) async throws -> Role {
        try requireAdmin(caller, "update_role")
        let role = try await repository.write { session -> Role in
            guard var role = try await session.role(id) else { throw PatchbayError.identityNotFound("role", id) }
            if let name = patch.name { role.name = name }
            if let description = patch.description { role.description = description }
            try await session.save(role)
            return role
        }
        await tokensChanged()
        return role
    }

    func deleteRole(_ id: String, caller: Caller) async throws {
        try requireAdmin(caller, "delete_role")
        try await repository.write { session in
            guard try await session.role(id) != nil else { throw PatchbayError.identityNotFound("role", id) }
            try await session.deleteRole(id)
        }
        await tokensChanged()
    }
}
