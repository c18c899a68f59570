/// The password-hash seam: identity hashes and verifies passwords only through it, so tests
/// can count the hashes a login computes. `ScryptPasswordHashing` is the real implementation.
public protocol PasswordHashing: Sendable {
    /// A new salted hash of `password` in the self-describing encoded form.
    func hash(_ password: String) async throws -> String
    /// Whether `password` matches `encoded`; computes a full hash even when it does not.
    func verify(_ password: String, against encoded: String) async -> Bool
}

/// scrypt (`PasswordHasher`) run on a `HashWorkerPool`: never on the caller's thread, never
/// more hashes at once than the pool has threads.
public struct ScryptPasswordHashing: PasswordHashing {
    let hasher: PasswordHasher
    /// The threads the hashes run on.
    public let pool: HashWorkerPool

    /// Hashes at `logCost` on `pool`.
    public init(logCost: Int, pool: HashWorkerPool = HashWorkerPool()) {
        hasher = PasswordHasher(logCost: logCost)
        self.pool = pool
    }

    /// A new hash, computed on the pool.
    public func hash(_ password: String) async throws -> String {
        let hasher = hasher
        return try await pool.run { try hasher.hash(password) }
    }

    /// Verifies on the pool.
    public func verify(_ password: String, against encoded: String) async -> Bool {
        let hasher = hasher
        return (try? await pool.run { hasher.verify(password, against: encoded) }) ?? false
    }
}
