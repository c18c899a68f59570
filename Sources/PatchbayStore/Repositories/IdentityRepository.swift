import PatchbayCore

/// Storage for identity: domains, projects, users, roles, assignments and token records.
public protocol IdentityRepository: Sendable {
    /// Runs `body` with a read-only view.
    func read<T: Sendable>(_ body: (any IdentitySession) async throws -> T) async throws -> T
    /// Runs `body` in one transaction.
    func write<T: Sendable>(_ body: (any IdentitySession) async throws -> T) async throws -> T
    /// Tells the other servers on the database that tokens may mean something else now (a
    /// revocation, a role or user change), so they drop what they cached.
    func announceTokensChanged() async throws
    /// Calls `observer` when another server announces that tokens changed.
    func onTokensChanged(_ observer: @escaping @Sendable () -> Void)
}

/// The identity operations available inside a session.
public protocol IdentitySession {
    /// Every domain.
    func domains() async throws -> [Domain]
    /// A domain by id.
    func domain(_ id: String) async throws -> Domain?
    /// A domain by name.
    func domain(named name: String) async throws -> Domain?
    /// Inserts or replaces a domain (names are unique).
    func save(_ domain: Domain) async throws
    /// Deletes a domain.
    func deleteDomain(_ id: String) async throws

    /// Every project.
    func projects() async throws -> [Project]
    /// A project by id.
    func project(_ id: String) async throws -> Project?
    /// A project by name within a domain.
    func project(named name: String, domainId: String) async throws -> Project?
    /// Inserts or replaces a project (names are unique per domain).
    func save(_ project: Project) async throws
    /// Deletes a project and its role assignments.
    func deleteProject(_ id: String) async throws

    /// Every user.
    func users() async throws -> [User]
    /// A user by id.
    func user(_ id: String) async throws -> User?
    /// A user by name within a domain.
    func user(named name: String, domainId: String) async throws -> User?
    /// Inserts or replaces a user (names are unique per domain).
    func save(_ user: User) async throws
    /// Deletes a user, its assignments and its tokens.
    func deleteUser(_ id: String) async throws

    /// Every role.
    func roles() async throws -> [Role]
    /// A role by id.
    func role(_ id: String) async throws -> Role?
    /// A role by name.
    func role(named name: String) async throws -> Role?
    /// Inserts or replaces a role.
    func save(_ role: Role) async throws
    /// Deletes a role and its assignments.
    func deleteRole(_ id: String) async throws

    /// Assignments, optionally narrowed to a user and/or a scope.
    func assignments(userId: String?, scope: Scope?) async throws -> [RoleAssignment]
    /// Grants a role (idempotent).
    func grant(_ assignment: RoleAssignment) async throws
    /// Revokes a role; false when it was not granted.
    func revoke(_ assignment: RoleAssignment) async throws -> Bool

    /// A token record by the hash of its secret.
    func token(hash: String) async throws -> TokenRecord?
    /// Stores a token record.
    func save(_ token: TokenRecord) async throws
    /// Marks every token of a user revoked; returns their hashes.
    func revokeTokens(userId: String) async throws -> [String]
    /// Deletes records that expired before `now`.
    func purgeTokens(expiredBefore now: Int64) async throws
}
