/// Who is making a request: the project the token is scoped to and the roles it carries.
/// Roles are already expanded (admin implies manager, member and reader).
public struct Caller: Sendable, Hashable {
    /// The project the caller acts in.
    public var projectId: String
    /// The user, when known.
    public var userId: String
    /// Role names, lowercase.
    public var roles: Set<String>
    /// The compute host a per-host agent credential is confined to; nil for every other caller.
    public var host: String? = nil

    /// Creates a caller; roles are expanded with Keystone's implications.
    public init(projectId: String, userId: String = "", roles: Set<String>) {
        self.projectId = projectId
        self.userId = userId
        self.roles = Caller.expand(roles)
    }

    /// Keystone's default implied roles (admin ⇒ manager ⇒ member ⇒ reader), lower-cased.
    public static func expand(_ roles: Set<String>) -> Set<String> {
        Set(ImpliedRoles.expand(roles.map { $0.lowercased() }.sorted()))
    }

    /// Holds the admin role.
    public var isAdmin: Bool { roles.contains("admin") }
    /// Holds the service role (Nova and Patchbay's own agents).
    public var isService: Bool { roles.contains("service") }
    /// Admin or service: may read and write binding attributes.
    public var isAdminOrService: Bool { isAdmin || isService }
    /// May change resources in its project.
    public var canWrite: Bool { isAdmin || isService || roles.contains("member") }
    /// May read resources in its project.
    public var canRead: Bool { canWrite || roles.contains("reader") }

    /// Whether the caller may act for compute host `name` on the agent-facing endpoints: admins
    /// for every host, a host credential only for its own.
    public func mayActFor(host name: String) -> Bool { isAdmin || host == name }

    /// Whether the caller owns (or administers) a resource of `projectId`.
    public func owns(_ projectId: String) -> Bool { isAdmin || projectId == self.projectId }
}
