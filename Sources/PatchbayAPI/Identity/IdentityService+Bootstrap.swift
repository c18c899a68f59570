import PatchbayCore
import PatchbayStore

/// What `bootstrap` did.
public struct BootstrapResult: Sendable {
    /// Whether the admin user was created now.
    public var createdAdmin: Bool
    /// The admin password when it was generated (print it once); nil when supplied or unchanged.
    public var generatedAdminPassword: String?
    /// The service user's password when it was generated now.
    public var generatedServicePassword: String?
}

extension IdentityService {
    /// The roles every Patchbay cloud has.
    static let standardRoles = ["admin", "manager", "member", "reader", "service", HostPolicy.hostRole]

    /// Creates what is missing of: the `Default` domain (id `default`), projects `admin` and
    /// `service`, the standard roles (with `patchbay_host`, the role of per-host agent credentials),
    /// the `admin` user (admin on `admin`) and the service user (service on `service`; an admin
    /// grant an earlier release gave it there is revoked: agents now log in per host). An
    /// explicit admin password replaces the stored one.
    public func bootstrap(adminPassword: String?, servicePassword: String?) async throws -> BootstrapResult {
        var result = BootstrapResult(createdAdmin: false)
        let adminSecret = adminPassword ?? TokenSecrets.make().prefix(20).description
        let serviceSecret = servicePassword ?? TokenSecrets.make().prefix(20).description
        let adminHash = try await hashing.hash(adminSecret)
        let serviceHash = try await hashing.hash(serviceSecret)
        try await repository.write { session in
            if try await session.domain("default") == nil {
                try await session.save(Domain(id: "default", name: "Default", description: "The default domain"))
            }
            var roles: [String: Role] = [:]
            for name in Self.standardRoles {
                let role = try await session.role(named: name) ?? Role(id: Self.newId(), name: name)
                try await session.save(role)
                roles[name] = role
            }
            let adminProject = try await ensureProject("admin", in: session)
            let serviceProject = try await ensureProject("service", in: session)
            if var admin = try await session.user(named: "admin", domainId: "default") {
                if adminPassword != nil { admin.passwordHash = adminHash; try await session.save(admin) }
                try await session.grant(RoleAssignment(userId: admin.id, roleId: roles["admin"]!.id, scope: .project(adminProject.id)))
            } else {
                let admin = User(id: Self.newId(), name: "admin", domainId: "default", defaultProjectId: adminProject.id, passwordHash: adminHash)
                try await session.save(admin)
                try await session.grant(RoleAssignment(userId: admin.id, roleId: roles["admin"]!.id, scope: .project(adminProject.id)))
                try await session.grant(RoleAssignment(userId: admin.id, roleId: roles["admin"]!.id, scope: .domain("default")))
                result.createdAdmin = true
                if adminPassword == nil { result.generatedAdminPassword = adminSecret }
            }
            if var service = try await session.user(named: config.serviceUserName, domainId: "default") {
                if servicePassword != nil { service.passwordHash = serviceHash; try await session.save(service) }
                let formerGrant = RoleAssignment(userId: service.id, roleId: roles["admin"]!.id, scope: .project(serviceProject.id))
                if try await session.revoke(formerGrant) { _ = try await session.revokeTokens(userId: service.id) }
            } else {
                let service = User(id: Self.newId(), name: config.serviceUserName, domainId: "default",
                                   defaultProjectId: serviceProject.id, passwordHash: serviceHash)
                try await session.save(service)
                try await session.grant(RoleAssignment(userId: service.id, roleId: roles["service"]!.id, scope: .project(serviceProject.id)))
                if servicePassword == nil { result.generatedServicePassword = serviceSecret }
            }
        }
        await tokensChanged()
        return result
    }

    /// Whether no user exists yet (a fresh database).
    public func isEmpty() async throws -> Bool {
        try await repository.read { try await $0.users().isEmpty }
    }

    private func ensureProject(_ name: String, in session: any IdentitySession) async throws -> Project {
        if let existing = try await session.project(named: name, domainId: "default") { return existing }
        let project = Project(id: Self.newId(), name: name, domainId: "default", description: "Bootstrap project \(name)")
        try await session.save(project)
        return project
    }

    /// A `clouds.yaml` entry for the admin user.
    public func cloudsYAML(password: String) -> String {
        """
        clouds:
          patchbay:
            auth:
              auth_url: \(address.baseURL)/identity/v3
              username: admin
              password: \(password)
              project_name: admin
              user_domain_name: Default
              project_domain_name: Default
            region_name: \(config.region)
            identity_api_version: 3
        """
    }
}
