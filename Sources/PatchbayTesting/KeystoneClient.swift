import PatchbayCore

/// Identity helpers for token-mode tests: issue tokens, and create projects and users with roles
/// through the real Keystone API.
public struct KeystoneClient: Sendable {
    /// An unauthenticated client for the server.
    public let anonymous: APIClient

    /// A helper for a server's base URL.
    public init(baseURL: String) { anonymous = APIClient(baseURL: baseURL) }

    /// The password-auth body for a user in the Default domain, optionally project-scoped.
    public static func passwordBody(user: String, password: String, project: String? = nil) -> JSONValue {
        var auth: [String: JSONValue] = [
            "identity": ["methods": ["password"], "password": ["user": [
                "name": .string(user), "domain": ["id": "default"], "password": .string(password)]]],
        ]
        if let project { auth["scope"] = ["project": ["name": .string(project), "domain": ["id": "default"]]] }
        return ["auth": .object(auth)]
    }

    /// Issues a token; returns the raw reply (status 201 and `x-subject-token` on success).
    public func authenticate(user: String, password: String, project: String? = nil) async throws -> APIClient.Reply {
        try await anonymous.post("/identity/v3/auth/tokens", Self.passwordBody(user: user, password: password, project: project))
    }

    /// A client carrying a fresh token for the user, or a thrown error when login fails.
    public func client(user: String, password: String, project: String?) async throws -> APIClient {
        let reply = try await authenticate(user: user, password: password, project: project)
        guard reply.status == 201, let token = reply.headers["x-subject-token"] else {
            throw KeystoneClientError.loginFailed(reply.status, JSONWriter.string(reply.json))
        }
        return APIClient(baseURL: anonymous.baseURL, headers: ["X-Auth-Token": token])
    }

    /// The bootstrap admin, scoped to project `admin`.
    public func admin() async throws -> APIClient {
        try await client(user: "admin", password: TestServer.adminPassword, project: "admin")
    }

    /// Creates a project and a user holding `role` on it (via the admin API); returns a client
    /// scoped to that project, and the project id.
    public func member(project: String, user: String, role: String, password: String = "pw-\(UUIDv4.make())",
                       admin: APIClient) async throws -> (client: APIClient, projectId: String) {
        let created = try await admin.post("/identity/v3/projects", ["project": ["name": .string(project), "domain_id": "default"]])
        guard let projectId = created.json["project"]?["id"]?.stringValue else { throw KeystoneClientError.setup("project", created.status) }
        let newUser = try await admin.post("/identity/v3/users", ["user": [
            "name": .string(user), "password": .string(password), "domain_id": "default"]])
        guard let userId = newUser.json["user"]?["id"]?.stringValue else { throw KeystoneClientError.setup("user", newUser.status) }
        let roles = try await admin.get("/identity/v3/roles?name=\(role)")
        guard let roleId = roles.json["roles"]?.arrayValue?.first?["id"]?.stringValue else { throw KeystoneClientError.setup("role", roles.status) }
        let granted = try await admin.put("/identity/v3/projects/\(projectId)/users/\(userId)/roles/\(roleId)")
        guard granted.status == 204 else { throw KeystoneClientError.setup("grant", granted.status) }
        return (try await client(user: user, password: password, project: project), projectId)
    }
}

/// Failures of test set-up through the identity API.
public enum KeystoneClientError: Error {
    /// Authentication returned this status and body.
    case loginFailed(Int, String)
    /// Creating the named object returned this status.
    case setup(String, Int)
}
