import PatchbayCore

/// Keystone token mode: `X-Auth-Token` must name a valid, unexpired, unrevoked token.
public struct TokenAuthenticator: Authenticator {
    let identity: IdentityService

    /// Creates the authenticator.
    public init(identity: IdentityService) { self.identity = identity }

    /// The caller the token stands for, or 401.
    public func caller(headers: [String: String]) async throws -> Caller {
        guard let token = headers["x-auth-token"], !token.isEmpty else {
            throw PatchbayError.unauthorized("The request you have made requires authentication.", code: "identity.missing_token")
        }
        let context = try await identity.validate(token)
        return Caller(projectId: context.project?.0.id ?? "", userId: context.user.id, roles: context.roleNames)
    }
}
