import PatchbayCore
import PatchbayStore

/// A password login refused because its source address failed too often: 429 with `Retry-After`.
struct LoginThrottled: Error {
    /// Seconds until the address's window ends.
    var retryAfter: Int64
}

extension IdentityService {
    /// The one answer to every failed proof of identity, so callers cannot tell which users
    /// exist, are disabled or are locked out.
    static var denied: PatchbayError { PatchbayError.unauthorized("The request you have made requires authentication.") }

    /// Checks a password without holding any store lock: the user is read in a short read
    /// session, the hash is verified on the hashing pool, and the throttle is consulted first
    /// and told the outcome. A user that does not exist, is disabled or has no password is
    /// verified against the dummy hash, so every failure costs one hash and answers the same.
    /// Returns the user as read; the caller re-checks it in its write transaction.
    func provePassword(_ reference: AuthRequest.UserReference, _ password: String, source: String) async throws -> User {
        let key = try Self.throttleKey(reference)
        switch throttle.admit(user: key, address: source) {
        case .admitted: break
        case .userLocked: throw Self.denied
        case .addressLimited(let seconds): throw LoginThrottled(retryAfter: seconds)
        }
        var outcome = LoginOutcome.abandoned
        defer { throttle.finish(user: key, address: source, outcome: outcome) }
        let candidate = try await repository.read { session in try await passwordCandidate(reference, in: session) }
        let verified: Bool
        if let candidate, let stored = candidate.passwordHash {
            verified = await hashing.verify(password, against: stored)
        } else {
            let dummy = try await dummyHash.value
            _ = await hashing.verify(password, against: dummy)
            verified = false
        }
        outcome = verified ? .succeeded : .failed
        guard verified, let candidate else { throw Self.denied }
        return candidate
    }

    /// The user a password request names if it may log in at all: found, enabled, holding a
    /// password, in an enabled domain.
    private func passwordCandidate(_ reference: AuthRequest.UserReference, in session: any IdentitySession) async throws -> User? {
        let found: User?
        if let id = reference.id {
            found = try await session.user(id)
        } else if let name = reference.name, let domainRef = reference.domain,
                  let domain = try? await resolveDomain(domainRef, in: session) {
            found = try await session.user(named: name, domainId: domain.id)
        } else {
            found = nil
        }
        guard let found, found.enabled, found.passwordHash != nil, let domain = try await session.domain(found.domainId),
              domain.enabled else { return nil }
        return found
    }

    /// The throttle key of the user a request names, as it names it (by id, or by name in a
    /// domain given by id or name), so an unknown user is counted exactly like a known one.
    static func throttleKey(_ reference: AuthRequest.UserReference) throws -> String {
        if let id = reference.id { return "id\u{1F}\(id)" }
        guard let name = reference.name, let domain = reference.domain else {
            throw PatchbayError.identityValidation("Expecting to find domain in user. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.")
        }
        if let id = domain.id { return "name\u{1F}\(name)\u{1F}domain-id\u{1F}\(id)" }
        return "name\u{1F}\(name)\u{1F}domain-name\u{1F}\(domain.name ?? "")"
    }

    /// Every throttle key that can name `user` (to clear its lockout).
    static func throttleKeys(of user: User, domain: Domain?) -> [String] {
        var keys = [AuthRequest.UserReference(id: user.id), AuthRequest.UserReference(
            name: user.name, domain: AuthRequest.DomainReference(id: user.domainId))]
        if let domain { keys.append(AuthRequest.UserReference(name: user.name, domain: AuthRequest.DomainReference(name: domain.name))) }
        return keys.compactMap { try? throttleKey($0) }
    }
}
