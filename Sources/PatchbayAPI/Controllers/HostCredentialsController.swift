import PatchbayCore

/// `/patchbay/v1/hosts/{host}/credentials` (admin only): the per-host credential a host's agent
/// logs in with, confined to that host's agent endpoints.
struct HostCredentialsController {
    let identity: IdentityService

    /// `POST`: creates the credential, or rotates its password and ends its tokens; answers 201
    /// with `{"credential": {username, password, project_name, user_domain_name, project_domain_name}}`,
    /// the agent's `auth:` block as it is.
    func issue(_ request: APIRequest) async throws -> APIResponse {
        let credential = try await identity.issueHostCredential(host: request.parameter("host"), caller: request.caller)
        return .created(["credential": [
            "username": .string(credential.username), "password": .string(credential.password),
            "project_name": .string(credential.projectName), "user_domain_name": .string(credential.userDomainName),
            "project_domain_name": .string(credential.projectDomainName),
        ]])
    }

    /// `DELETE`: revokes the credential and ends its tokens (204; 404 when the host has none).
    func revoke(_ request: APIRequest) async throws -> APIResponse {
        try await identity.revokeHostCredential(host: request.parameter("host"), caller: request.caller)
        return .noContent
    }
}
