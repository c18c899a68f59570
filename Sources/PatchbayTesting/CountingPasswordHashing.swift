import PatchbayAPI
import PatchbayCore
import Synchronization

/// A stateful fake of the password-hash seam: cheap salted FNV-1a "hashes" that keep a count
/// of every hash and verification and remember which encoded hashes were verified against, so
/// a test can tell whether a login computed a hash, and against which stored value.
public final class CountingPasswordHashing: PasswordHashing {
    struct State {
        var hashes = 0
        var verifications: [String] = []
    }

    private let state = Mutex(State())

    /// A fake with nothing counted.
    public init() {}

    /// Hashes computed so far (new passwords and the dummy hash).
    public var hashCount: Int { state.withLock { $0.hashes } }

    /// Password verifications so far.
    public var verifyCount: Int { state.withLock { $0.verifications.count } }

    /// The encoded hashes verified against, in order.
    public var verifiedAgainst: [String] { state.withLock { $0.verifications } }

    /// `fake$<salt>$<FNV-1a of salt and password>`.
    public func hash(_ password: String) async throws -> String {
        state.withLock { $0.hashes += 1 }
        let salt = String(UUIDv4.make().prefix(8))
        return "fake$\(salt)$\(FNV1a.hex(FNV1a.hash64(salt + password)))"
    }

    /// Whether `password` hashes to `encoded` under its salt; every call is counted.
    public func verify(_ password: String, against encoded: String) async -> Bool {
        state.withLock { $0.verifications.append(encoded) }
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, parts[0] == "fake" else { return false }
        return parts[2] == FNV1a.hex(FNV1a.hash64(parts[1] + password))
    }
}
