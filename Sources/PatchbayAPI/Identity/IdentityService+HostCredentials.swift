import PatchbayCore
import PatchbayStore

/// A per-host agent credential, in the shape of the agent's `auth:` block.
public struct HostCredential: Sendable {
    /// The Keystone user: `host:` and the host name.
    public var username: String
    /// A fresh random password; only its hash is stored.
    public var password: String
    /// `service`.
    public var projectName: String
    /// `Default`.
    public var userDomainName: String
    /// `Default`.
    public var projectDomainName: String
}

extension IdentityService {
    /// Names of host users start with this; the identity admin API refuses it for other users,
    /// so a tenant user can never take a host's name.
    static let hostUserPrefix = "host:"

    /// The Keystone user name of `host`'s credential.
    static func hostUserName(_ host: String) -> String { hostUserPrefix + host }

    /// Creates `host`'s credential (a user in `Default` with the `patchbay_host` role on
    /// `service`, the host recorded on the user), or rotates its password and ends its tokens.
    func issueHostCredential(host: String, caller: Caller) async throws -> HostCredential {
        guard caller.isAdmin else { throw PatchbayError.policyNotAuthorized("create_host_credential") }
        let host = try AgentInput.hostName(host, field: "host")
        let password = TokenSecrets.make()
        let hash = try await hashing.hash(password)
        let name = Self.hostUserName(host)
        let (domain, project) = try await repository.write { session -> (Domain, Project) in
            guard let domain = try await session.domain("default"),
                  let project = try await session.project(named: "service", domainId: domain.id) else {
                throw PatchbayError.conflict("Conflict", code: "identity.not_bootstrapped",
                                             "The Default domain and the service project are missing; run patchbay bootstrap.")
            }
            let role = try await session.role(named: HostPolicy.hostRole) ?? Role(id: Self.newId(), name: HostPolicy.hostRole)
            try await session.save(role)
            var user = try await session.user(named: name, domainId: domain.id)
                ?? User(id: Self.newId(), name: name, domainId: domain.id, defaultProjectId: project.id,
                        description: "Patchbay agent credential of compute host \(host)", passwordHash: nil, host: host)
            guard user.host == host else {
                throw PatchbayError.conflict("Conflict", code: "identity.host_user_conflict",
                                             "User \(name) exists and is not host \(host)'s credential.")
            }
            user.passwordHash = hash
            user.enabled = true
            try await session.save(user)
            _ = try await session.revokeTokens(userId: user.id)
            try await session.grant(RoleAssignment(userId: user.id, roleId: role.id, scope: .project(project.id)))
            return (domain, project)
        }
        await tokensChanged()
        return HostCredential(username: name, password: password, projectName: project.name,
                              userDomainName: domain.name, projectDomainName: domain.name)
    }

    /// Deletes `host`'s credential and ends its tokens; 404 when it has none.
    func revokeHostCredential(host: String, caller: Caller) async throws {
        guard caller.isAdmin else { throw PatchbayError.policyNotAuthorized("delete_host_credential") }
        let host = try AgentInput.hostName(host, field: "host")
        try await repository.write { session in
            guard let user = try await session.user(named: Self.hostUserName(host), domainId: "default"), user.host == host else {
                throw PatchbayError.notFound("HostCredential", host)
            }
            try await session.deleteUser(user.id)
        }
        await tokensChanged()
    }

    /// Refuses a user name in the host credentials' namespace.
    static func requireTenantUserName(_ name: String) throws {
        guard !name.lowercased().hasPrefix(hostUserPrefix) else {
            throw PatchbayError.identityValidation("User names starting with '\(hostUserPrefix)' are reserved for host credentials.")
        }
    }
}
