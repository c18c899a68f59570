/// A Keystone domain: a namespace for projects and users.
public struct Domain: Sendable, Codable, Hashable, Identifiable {
    /// Domain id (`default` for the built-in one).
    public var id: String
    /// Unique name.
    public var name: String
    /// Free-form description.
    public var description: String
    /// Disabled domains cannot be used to authenticate.
    public var enabled: Bool

    /// Creates a domain.
    public init(id: String, name: String, description: String = "", enabled: Bool = true) {
        self.id = id
        self.name = name
        self.description = description
        self.enabled = enabled
    }
}

/// A Keystone project: the unit of ownership for networks, ports and servers.
public struct Project: Sendable, Codable, Hashable, Identifiable {
    /// Project id (32 hex characters, as Keystone makes them).
    public var id: String
    /// Name, unique within the domain.
    public var name: String
    /// The owning domain.
    public var domainId: String
    /// Free-form description.
    public var description: String
    /// Disabled projects cannot be scoped to.
    public var enabled: Bool
    /// Tags.
    public var tags: [String]

    /// Creates a project.
    public init(id: String, name: String, domainId: String, description: String = "", enabled: Bool = true,
                tags: [String] = []) {
        self.id = id
        self.name = name
        self.domainId = domainId
        self.description = description
        self.enabled = enabled
        self.tags = tags
    }
}

/// A Keystone user. The password is kept only as a salted slow hash.
public struct User: Sendable, Codable, Hashable, Identifiable {
    /// User id.
    public var id: String
    /// Name, unique within the domain.
    public var name: String
    /// The owning domain.
    public var domainId: String
    /// Project used when a token request names no scope.
    public var defaultProjectId: String?
    /// Disabled users cannot authenticate.
    public var enabled: Bool
    /// Contact address, if given.
    public var email: String?
    /// Free-form description.
    public var description: String
    /// The encoded password hash (see `PasswordHasher`); nil means password login is impossible.
    public var passwordHash: String?
    /// The compute host a per-host agent credential is confined to; nil for every other user.
    public var host: String? = nil

    /// Creates a user.
    public init(id: String, name: String, domainId: String, defaultProjectId: String? = nil, enabled: Bool = true,
                email: String? = nil, description: String = "", passwordHash: String?, host: String? = nil) {
        self.id = id
        self.name = name
        self.domainId = domainId
        self.defaultProjectId = defaultProjectId
        self.enabled = enabled
        self.email = email
        self.description = description
        self.passwordHash = passwordHash
        self.host = host
    }
}

/// A Keystone role (`admin`, `member`, `reader`, `service`, …).
public struct Role: Sendable, Codable, Hashable, Identifiable {
    /// Role id.
    public var id: String
    /// Unique name.
    public var name: String
    /// Free-form description.
    public var description: String

    /// Creates a role.
    public init(id: String, name: String, description: String = "") {
        self.id = id
        self.name = name
        self.description = description
    }
}

/// What a token or a role assignment is scoped to.
public enum Scope: Sendable, Codable, Hashable {
    /// A project.
    case project(String)
    /// A domain.
    case domain(String)
    /// Nothing: an unscoped token proves identity only.
    case unscoped
}

/// A grant of a role to a user on a project or domain.
public struct RoleAssignment: Sendable, Codable, Hashable {
    /// The user.
    public var userId: String
    /// The role.
    public var roleId: String
    /// Where it applies (never `.unscoped`).
    public var scope: Scope

    /// Creates an assignment.
    public init(userId: String, roleId: String, scope: Scope) {
        self.userId = userId
        self.roleId = roleId
        self.scope = scope
    }
}
