/// An issued token as the server keeps it: only the hash of the secret is stored.
public struct TokenRecord: Sendable, Codable, Hashable {
    /// Hex SHA-256 of the token string; the token itself is never stored.
    public var hash: String
    /// Whose token it is.
    public var userId: String
    /// What it is scoped to.
    public var scope: Scope
    /// How the user authenticated (`password`, `token`).
    public var methods: [String]
    /// Issue time (Unix seconds).
    public var issuedAt: Int64
    /// Expiry time (Unix seconds).
    public var expiresAt: Int64
    /// Keystone's audit id: identifies the token in logs without revealing it.
    public var auditId: String
    /// The audit ids of the chain this token was rescoped from, if any.
    public var parentAuditIds: [String]
    /// Set when the token is revoked before it expires.
    public var revoked: Bool

    /// Creates a record.
    public init(hash: String, userId: String, scope: Scope, methods: [String], issuedAt: Int64, expiresAt: Int64,
                auditId: String, parentAuditIds: [String] = [], revoked: Bool = false) {
        self.hash = hash
        self.userId = userId
        self.scope = scope
        self.methods = methods
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.auditId = auditId
        self.parentAuditIds = parentAuditIds
        self.revoked = revoked
    }

    /// Whether the token may be used at `now`.
    public func isValid(at now: Int64) -> Bool { !revoked && now < expiresAt }
}
