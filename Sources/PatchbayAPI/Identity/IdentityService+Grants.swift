import PatchbayCore
import PatchbayStore

extension IdentityService {
    /// Checks that the user, role and scope target exist, else 404 naming the missing one.
    private func checkGrantParts(_ assignment: RoleAssignment, in session: any IdentitySession) async throws {
        guard try await session.user(assignment.userId) != nil else { throw PatchbayError.identityNotFound("user", assignment.userId) }
        guard try await session.role(assignment.roleId) != nil else { throw PatchbayError.identityNotFound("role", assignment.roleId) }
        switch assignment.scope {
        case .project(let id):
            guard try await session.project(id) != nil else { throw PatchbayError.identityNotFound("project", id) }
        case .domain(let id):
            guard try await session.domain(id) != nil else { throw PatchbayError.identityNotFound("domain", id) }
        case .unscoped:
            throw PatchbayError.identityValidation("A role assignment needs a project or a domain.")
        }
    }

    func grant(_ assignment: RoleAssignment, caller: Caller) async throws {
        try requireAdmin(caller, "create_grant")
        try await repository.write { session in
            try await checkGrantParts(assignment, in: session)
            try await session.grant(assignment)
        }
        await tokensChanged()
    }

    func revokeGrant(_ assignment: RoleAssignment, caller: Caller) async throws {
        try requireAdmin(caller, "revoke_grant")
        try await repository.write { session in
            try await checkGrantParts(assignment, in: session)
            guard try await session.revoke(assignment) else {
                throw PatchbayError.identityNotFound("role assignment", "\(assignment.roleId)")
            }
        }
        await tokensChanged()
    }

    func hasGrant(_ assignment: RoleAssignment, caller: Caller) async throws -> Bool {
        try requireReader(caller, "check_grant")
        return try await repository.read { session in
            try await checkGrantParts(assignment, in: session)
            return try await session.assignments(userId: assignment.userId, scope: assignment.scope)
                .contains { $0.roleId == assignment.roleId }
        }
    }

    /// Roles a user holds directly on a scope.
    func grantedRoles(userId: String, scope: Scope, caller: Caller) async throws -> [Role] {
        try requireReader(caller, "list_grants")
        return try await repository.read { session in
            let ids = Set(try await session.assignments(userId: userId, scope: scope).map(\.roleId))
            return try await session.roles().filter { ids.contains($0.id) }
        }
    }

    /// `GET /v3/role_assignments` with Keystone's filters.
    func assignments(userId: String?, scope: Scope?, roleId: String?, caller: Caller) async throws -> [RoleAssignment] {
        try requireReader(caller, "list_role_assignments")
        return try await repository.read { session in
            try await session.assignments(userId: userId, scope: scope).filter { roleId == nil || $0.roleId == roleId }
        }
    }

    /// The enabled projects the token's user can scope to (`GET /v3/auth/projects`).
    func authProjects(_ context: TokenContext) async throws -> [Project] {
        try await projects(ofUser: context.user.id, caller: Caller(projectId: "", userId: context.user.id, roles: []))
    }
}
