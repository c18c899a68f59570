import PatchbayCore

/// Decides who a request comes from.
public protocol Authenticator: Sendable {
    /// The caller for these (lower-cased) headers, or a 401 error.
    func caller(headers: [String: String]) async throws -> Caller
}

/// `noauth` mode: every request is an admin of a configured project. Tests may narrow it with
/// `X-Project-Id` and `X-Roles` (comma separated), as Neutron's noauth middleware allows.
public struct NoAuthAuthenticator: Authenticator {
    /// The project requests act in when they name none.
    public var projectId: String

    /// Creates the authenticator.
    public init(projectId: String) { self.projectId = projectId }

    /// The admin caller, narrowed by headers.
    public func caller(headers: [String: String]) async throws -> Caller {
        let project = headers["x-project-id"].flatMap { $0.isEmpty ? nil : $0 } ?? projectId
        let roles = headers["x-roles"].map { Set($0.split(separator: ",").map { $0.trimmingSpaces() }) } ?? ["admin"]
        return Caller(projectId: project, userId: headers["x-user-id"] ?? "", roles: roles)
    }
}
