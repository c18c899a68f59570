import Synchronization

/// A hash of a random password at the configured cost that logins for unknown, disabled or
/// password-less users verify against, so they cost exactly what a wrong password for a real
/// user costs. The server starts it once at start (after the bootstrap's own hashes, which it
/// would otherwise delay); a login that needs it sooner starts it itself.
final class DummyPasswordHash: Sendable {
    private let hashing: any PasswordHashing
    private let task = Mutex<Task<String, any Error>?>(nil)

    /// A dummy hashed with `hashing` once started.
    init(hashing: any PasswordHashing) { self.hashing = hashing }

    /// Starts computing the hash unless it already is.
    func start() {
        _ = started()
    }

    /// The encoded hash (waits for it the first time if it is still being computed).
    var value: String {
        get async throws { try await started().value }
    }

    private func started() -> Task<String, any Error> {
        task.withLock { task in
            if let task { return task }
            let hashing = hashing
            let secret = TokenSecrets.make()
            let created = Task { try await hashing.hash(secret) }
            task = created
            return created
        }
    }
}
