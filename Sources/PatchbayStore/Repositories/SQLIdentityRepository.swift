import PatchbayCore

/// The SQL implementation of `IdentityRepository`.
public struct SQLIdentityRepository: IdentityRepository {
    private let store: any SQLStore

    /// Creates a repository on an open store.
    public init(store: any SQLStore) { self.store = store }

    /// Runs `body` with a read-only view.
    public func read<T: Sendable>(_ body: (any IdentitySession) async throws -> T) async throws -> T {
        try await store.withSession { db in try await body(SQLIdentitySession(db: db)) }
    }

    /// Runs `body` in one transaction.
    public func write<T: Sendable>(_ body: (any IdentitySession) async throws -> T) async throws -> T {
        try await store.transaction { db in try await body(SQLIdentitySession(db: db)) }
    }

    public func announceTokensChanged() async throws { try await store.announce(Self.tokensTopic) }

    public func onTokensChanged(_ observer: @escaping @Sendable () -> Void) { store.onAnnouncement(Self.tokensTopic, observer) }

    static let tokensTopic = "tokens"
}

struct SQLIdentitySession: IdentitySession {
    let db: any SQLDatabase
    let codec = DocumentCodec()

    var domainTable: DocumentTable<Domain> { DocumentTable(db: db, table: "domains", hasParent: false) }
    var projectTable: DocumentTable<Project> { DocumentTable(db: db, table: "projects", hasParent: true) }
    var userTable: DocumentTable<User> { DocumentTable(db: db, table: "users", hasParent: true) }
    var roleTable: DocumentTable<Role> { DocumentTable(db: db, table: "roles", hasParent: false) }

    func domains() async throws -> [Domain] { try await domainTable.all() }
    func domain(_ id: String) async throws -> Domain? { try await domainTable.get(id) }
    func domain(named name: String) async throws -> Domain? { try await domainTable.find(name: name) }
    func save(_ domain: Domain) async throws { try await domainTable.save(domain, id: domain.id, name: domain.name, kind: "domain") }
    func deleteDomain(_ id: String) async throws { try await domainTable.delete(id) }

    func projects() async throws -> [Project] { try await projectTable.all() }
    func project(_ id: String) async throws -> Project? { try await projectTable.get(id) }
    func project(named name: String, domainId: String) async throws -> Project? {
        try await projectTable.find(name: name, parent: domainId)
    }
    func save(_ project: Project) async throws {
        try await projectTable.save(project, id: project.id, name: project.name, parent: project.domainId, kind: "project")
    }
    func deleteProject(_ id: String) async throws {
        try await db.raw("DELETE FROM role_assignments WHERE scope_type = 'project' AND scope_id = \(bind: id)").run()
        try await projectTable.delete(id)
    }

    func users() async throws -> [User] { try await userTable.all() }
    func user(_ id: String) async throws -> User? { try await userTable.get(id) }
    func user(named name: String, domainId: String) async throws -> User? { try await userTable.find(name: name, parent: domainId) }
    func save(_ user: User) async throws { try await userTable.save(user, id: user.id, name: user.name, parent: user.domainId, kind: "user") }
    func deleteUser(_ id: String) async throws {
        try await db.raw("DELETE FROM role_assignments WHERE user_id = \(bind: id)").run()
        _ = try await revokeTokens(userId: id)
        try await userTable.delete(id)
    }

    func roles() async throws -> [Role] { try await roleTable.all() }
    func role(_ id: String) async throws -> Role? { try await roleTable.get(id) }
    func role(named name: String) async throws -> Role? { try await roleTable.find(name: name) }
    func save(_ role: Role) async throws { try await roleTable.save(role, id: role.id, name: role.name, kind: "role") }
    func deleteRole(_ id: String) async throws {
        try await db.raw("DELETE FROM role_assignments WHERE role_id = \(bind: id)").run()
        try await roleTable.delete(id)
    }
}
