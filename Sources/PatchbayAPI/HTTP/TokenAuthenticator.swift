import PatchbayCore

/// Keystone token mode: `X-Auth-Token` must name a valid, unexpired, unrevoked token.
public struct TokenAuthenticator: Authenticator {
    let identity: IdentityService

    /// Creates the authenticator.
    public init(identity: IdentityService) { self.identity = identity }

    /// The caller the token stands for, or 401. A per-host credential's user carries its host:
    /// its caller acts for that host with the `patchbay_host` role only, whatever else an admin
    /// may have granted the user, and without that role it holds nothing.
    public func caller(headers: [String: String]) async throws -> Caller {
        guard let token = headers["x-auth-token"], !token.isEmpty else {
            throw PatchbayError.unauthorized("The request you have made requires authentication.", code: "identity.missing_token")
        }
        let context = try await identity.validate(token)
        let projectId = context.project?.0.id ?? ""
        guard let host = context.user.host else {
            return Caller(projectId: projectId, userId: context.user.id, roles: context.roleNames)
        }
        let confined = context.roleNames.contains(HostPolicy.hostRole)
        var caller = Caller(projectId: projectId, userId: context.user.id, roles: confined ? [HostPolicy.hostRole] : [])
        caller.host = confined ? host : nil
        return caller
    }
}
