import PatchbayCore
import PatchbayStore

/// A parsed `POST /v3/auth/tokens` body.
struct AuthRequest: Sendable {
    enum Method: Sendable {
        case password(user: UserReference, password: String)
        case token(String)
    }

    enum ScopeReference: Sendable {
        case project(id: String?, name: String?, domain: DomainReference?)
        case domain(DomainReference)
        case none
    }

    struct UserReference: Sendable {
        var id: String?
        var name: String?
        var domain: DomainReference?
    }

    struct DomainReference: Sendable {
        var id: String?
        var name: String?
    }

    var method: Method
    var scope: ScopeReference
}

extension IdentityService {
    /// Authenticates and issues a token. Every failure of identity proof is a 401 with the same
    /// message, so callers cannot probe which users exist. A password is verified before the
    /// write transaction and outside any store lock (see `provePassword`); the transaction then
    /// only re-checks that the user is still enabled with the same password and stores the token.
    func issueToken(_ request: AuthRequest, source: String) async throws -> (token: String, context: TokenContext) {
        var proven: User?
        if case .password(let reference, let password) = request.method {
            proven = try await provePassword(reference, password, source: source)
        }
        let now = clock.now()
        let token = TokenSecrets.make()
        let context = try await repository.write { [proven] session -> TokenContext in
            let (user, methods, parents, inheritedScope, inheritedExpiry) = try await authenticate(request.method, proven: proven,
                                                                                                    in: session, now: now)
            let scope: Scope
            switch request.scope {
            case .none:
                scope = inheritedScope ?? user.defaultProjectId.map(Scope.project) ?? .unscoped
            case .project(let id, let name, let domain):
                scope = .project(try await resolveProject(id: id, name: name, domain: domain, in: session).id)
            case .domain(let reference):
                scope = .domain(try await resolveDomain(reference, in: session).id)
            }
            let roles = try await effectiveRoles(userId: user.id, scope: scope, in: session)
            if scope != .unscoped, roles.isEmpty {
                throw PatchbayError.unauthorized("User \(user.id) has no access to the requested scope.", code: "identity.no_roles")
            }
            let expiry = min(now + config.tokenExpiration, inheritedExpiry ?? .max)
            let record = TokenRecord(hash: TokenSecrets.hash(token), userId: user.id, scope: scope, methods: methods,
                                     issuedAt: now, expiresAt: expiry, auditId: Self.auditId(), parentAuditIds: parents)
            try await session.save(record)
            return try await resolve(record, in: session)
        }
        cache.put(context.record.hash, context, now: now)
        return (token, context)
    }

    /// The user behind the request inside the write transaction: for a password, the proven
    /// user re-read (still enabled, password unchanged, domain enabled); for a token, the
    /// token's user.
    private func authenticate(_ method: AuthRequest.Method, proven: User?, in session: any IdentitySession, now: Int64) async throws
        -> (User, [String], [String], Scope?, Int64?) {
        switch method {
        case .password:
            guard let proven, let user = try await session.user(proven.id), user.enabled, user.passwordHash == proven.passwordHash,
                  let domain = try await session.domain(user.domainId), domain.enabled
            else { throw Self.denied }
            return (user, ["password"], [], nil, nil)
        case .token(let token):
            guard let record = try await session.token(hash: TokenSecrets.hash(token)), record.isValid(at: now),
                  let user = try await session.user(record.userId), user.enabled
            else { throw Self.denied }
            return (user, Array(Set(record.methods + ["token"])).sorted(), [record.auditId] + record.parentAuditIds,
                    record.scope == .unscoped ? nil : record.scope, record.expiresAt)
        }
    }

    /// Validates a token: cached in memory, so a hit costs a hash and a dictionary lookup.
    public func validate(_ token: String) async throws -> TokenContext {
        let hash = TokenSecrets.hash(token)
        let now = clock.now()
        if let hit = cache.get(hash, now: now) { return hit }
        let context = try await repository.read { session -> TokenContext in
            guard let record = try await session.token(hash: hash), record.isValid(at: now) else {
                throw PatchbayError.unauthorized("The request you have made requires authentication.", code: "identity.invalid_token")
            }
            return try await resolve(record, in: session)
        }
        cache.put(hash, context, now: now)
        return context
    }

    /// Revokes a token (the caller must own it or be an admin).
    func revoke(_ token: String, caller: Caller) async throws {
        let hash = TokenSecrets.hash(token)
        try await repository.write { session in
            guard var record = try await session.token(hash: hash), record.isValid(at: clock.now()) else {
                throw PatchbayError.identityNotFound("token", "")
            }
            guard caller.isAdmin || caller.userId == record.userId else { throw PatchbayError.identityForbidden("identity:revoke_token") }
            record.revoked = true
            try await session.save(record)
        }
        cache.remove(hash)
        await announceTokensChanged()
    }

    /// Builds the context of a stored token; a user, project or domain that was deleted or
    /// disabled since makes the token invalid.
    func resolve(_ record: TokenRecord, in session: any IdentitySession) async throws -> TokenContext {
        let invalid = PatchbayError.unauthorized("The request you have made requires authentication.", code: "identity.invalid_token")
        guard let user = try await session.user(record.userId), user.enabled, let userDomain = try await session.domain(user.domainId)
        else { throw invalid }
        var context = TokenContext(record: record, user: user, userDomain: userDomain, project: nil, domain: nil, roles: [])
        switch record.scope {
        case .project(let id):
            guard let project = try await session.project(id), project.enabled,
                  let domain = try await session.domain(project.domainId) else { throw invalid }
            context.project = (project, domain)
        case .domain(let id):
            guard let domain = try await session.domain(id), domain.enabled else { throw invalid }
            context.domain = domain
        case .unscoped:
            break
        }
        context.roles = try await effectiveRoles(userId: user.id, scope: record.scope, in: session)
        if record.scope != .unscoped, context.roles.isEmpty { throw invalid }
        return context
    }

    func resolveDomain(_ reference: AuthRequest.DomainReference, in session: any IdentitySession) async throws -> Domain {
        let found: Domain? = if let id = reference.id { try await session.domain(id) }
            else if let name = reference.name { try await session.domain(named: name) } else { nil }
        guard let found, found.enabled else {
            throw PatchbayError.unauthorized("Could not find domain: \(reference.id ?? reference.name ?? "").", code: "identity.unknown_domain")
        }
        return found
    }

    func resolveProject(id: String?, name: String?, domain: AuthRequest.DomainReference?, in session: any IdentitySession) async throws -> Project {
        let found: Project?
        if let id {
            found = try await session.project(id)
        } else if let name, let domain {
            found = try await session.project(named: name, domainId: try await resolveDomain(domain, in: session).id)
        } else {
            throw PatchbayError.identityValidation("Expecting to find domain in project.")
        }
        guard let found, found.enabled else {
            throw PatchbayError.unauthorized("Could not find project: \(id ?? name ?? "").", code: "identity.unknown_project")
        }
        return found
    }

    static func auditId() -> String {
        TokenSecrets.make().prefix(22).description
    }
}
