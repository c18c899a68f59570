import PatchbayCore

/// A per-host agent credential as `POST /patchbay/v1/hosts/{host}/credentials` returns it.
public struct MintedHostCredential: Sendable {
    /// The host it is confined to.
    public var host: String
    /// The reply's `credential` object, keyed as the agent's `auth:` block.
    public var fields: [String: String]

    /// The Keystone user name.
    public var username: String { fields["username"] ?? "" }
    /// The password.
    public var password: String { fields["password"] ?? "" }
    /// The project it is scoped to.
    public var projectName: String { fields["project_name"] ?? "" }

    /// The `auth:` block of an agent config, pasted from the reply as it is.
    public var authYAML: String {
        "auth:\n" + fields.sorted(by: { $0.key < $1.key }).map { "  \($0.key): \"\($0.value)\"" }.joined(separator: "\n") + "\n"
    }
}

extension KeystoneClient {
    /// Mints (or rotates) `host`'s agent credential through the API as `admin`.
    public func mintHostCredential(_ host: String, admin: APIClient) async throws -> MintedHostCredential {
        let reply = try await admin.post("/patchbay/v1/hosts/\(host)/credentials", [:])
        guard reply.status == 201, let object = reply.json["credential"]?.objectValue else {
            throw KeystoneClientError.setup("host credential for \(host): \(JSONWriter.string(reply.json))", reply.status)
        }
        return MintedHostCredential(host: host, fields: object.compactMapValues(\.stringValue))
    }

    /// A client carrying a token of `credential`.
    public func client(_ credential: MintedHostCredential) async throws -> APIClient {
        try await client(user: credential.username, password: credential.password, project: credential.projectName)
    }

    /// Mints `host`'s credential and returns a client logged in with it.
    public func hostClient(_ host: String, admin: APIClient) async throws -> APIClient {
        try await client(try await mintHostCredential(host, admin: admin))
    }
}
