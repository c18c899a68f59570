import PatchbayCore
import PatchbayStore

/// Keystone's semantics over the identity repository: authentication, token validation and
/// the admin API. It never sees HTTP.
public struct IdentityService: Sendable {
    let repository: any IdentityRepository
    let config: IdentityConfig
    let clock: any WallClock
    let hashing: any PasswordHashing
    let throttle: LoginThrottle
    let dummyHash: DummyPasswordHash
    let cache = TokenCache()
    /// Where this server listens, for the catalog's default URLs.
    public let address: ServerAddress

    /// Creates the service. Passwords are hashed with scrypt at the configured cost on a
    /// dedicated worker pool unless `hashing` says otherwise (tests count hashes through it).
    public init(repository: any IdentityRepository, config: IdentityConfig, clock: any WallClock, address: ServerAddress,
                hashing: (any PasswordHashing)? = nil) {
        self.repository = repository
        self.config = config
        self.clock = clock
        let hashing = hashing ?? ScryptPasswordHashing(logCost: config.passwordLogCost,
                                                       pool: HashWorkerPool(maxThreads: config.passwordHashWorkers))
        self.hashing = hashing
        self.throttle = LoginThrottle(policy: config.loginThrottlePolicy, clock: clock)
        self.dummyHash = DummyPasswordHash(hashing: hashing)
        self.address = address
        repository.onTokensChanged { [cache] in cache.clear() }
    }

    /// After a write that can change what a token means: forgets the cached tokens here and tells
    /// the other servers on the database to do the same. Their caches expire within
    /// ``TokenCache/ttl`` anyway, should the announcement be lost.
    func tokensChanged() async {
        cache.clear()
        await announceTokensChanged()
    }

    /// Tells the other servers that tokens changed. A failure is ignored, not returned: the change
    /// itself has committed, and the other servers' cached tokens expire within the cache's TTL.
    func announceTokensChanged() async {
        try? await repository.announceTokensChanged()
    }

    /// Computes the dummy hash unknown users are verified against; the server calls it once it
    /// has started (logins start it themselves if they come first).
    public func prepareLogins() { dummyHash.start() }

    /// The configured service user's name.
    public var serviceUserName: String { config.serviceUserName }

    /// Keystone ids are 32 lowercase hex characters.
    static func newId() -> String { UUIDv4.make().replacingOccurrences(of: "-", with: "") }

    /// Throws 403 unless the caller holds the admin role.
    func requireAdmin(_ caller: Caller, _ action: String) throws {
        guard caller.isAdmin else { throw PatchbayError.identityForbidden("identity:\(action)") }
    }

    /// Throws 403 unless the caller may read identity objects (admin or reader of anything).
    func requireReader(_ caller: Caller, _ action: String) throws {
        guard caller.isAdmin || caller.isService else { throw PatchbayError.identityForbidden("identity:\(action)") }
    }

    /// Effective roles of a user on a scope, with implied roles added.
    func effectiveRoles(userId: String, scope: Scope, in session: any IdentitySession) async throws -> [Role] {
        guard scope != .unscoped else { return [] }
        let granted = try await session.assignments(userId: userId, scope: scope)
        let all = try await session.roles()
        let byId = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let names = granted.compactMap { byId[$0.roleId]?.name }
        let byName = Dictionary(all.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        return ImpliedRoles.expand(names.map { $0.lowercased() }).compactMap { byName[$0] }
    }
}
