import PatchbayCore
import Synchronization

/// What a valid token stands for, resolved once and cached.
public struct TokenContext: Sendable {
    /// The stored record.
    public var record: TokenRecord
    /// The user.
    public var user: User
    /// The user's domain.
    public var userDomain: Domain
    /// The scoped project and its domain, for project tokens.
    public var project: (Project, Domain)?
    /// The scoped domain, for domain tokens.
    public var domain: Domain?
    /// Effective roles (implied ones included), by id and name.
    public var roles: [Role]

    /// The role names, lower-cased.
    public var roleNames: Set<String> { Set(roles.map { $0.name.lowercased() }) }
}

/// Validated tokens by hash. Entries are rechecked against the database after `ttl` seconds,
/// and any identity write that can change a token's meaning clears the cache.
final class TokenCache: Sendable {
    private let entries = Mutex<[String: (context: TokenContext, loadedAt: Int64)]>([:])
    let ttl: Int64 = 30

    func get(_ hash: String, now: Int64) -> TokenContext? {
        entries.withLock { entries in
            guard let entry = entries[hash], now - entry.loadedAt < ttl, entry.context.record.isValid(at: now) else { return nil }
            return entry.context
        }
    }

    func put(_ hash: String, _ context: TokenContext, now: Int64) {
        entries.withLock { entries in
            if entries.count > 100_000 { entries.removeAll(keepingCapacity: true) }
            entries[hash] = (context, now)
        }
    }

    func remove(_ hash: String) { _ = entries.withLock { $0.removeValue(forKey: hash) } }

    func clear() { entries.withLock { $0.removeAll() } }
}
