import PatchbayCore

/// `/identity`: version documents and `/v3/auth/*` (tokens, projects, catalog).
struct IdentityAuthController {
    let identity: IdentityService

    var base: String { identity.address.baseURL }

    func versionBody() -> JSONValue {
        ["id": "v3.14", "status": "stable", "updated": "2020-04-07T00:00:00Z",
         "links": [["rel": "self", "href": .string("\(base)/identity/v3/")]],
         "media-types": [["base": "application/json", "type": "application/vnd.openstack.identity-v3+json"]]]
    }

    /// `GET /identity/`: 300 Multiple Choices with the one version.
    func versions(_ request: APIRequest) async throws -> APIResponse {
        APIResponse(status: 300, body: ["versions": ["values": [versionBody()]]])
    }

    /// `GET /identity/v3`.
    func version(_ request: APIRequest) async throws -> APIResponse {
        .ok(["version": versionBody()])
    }

    /// `POST /identity/v3/auth/tokens`: 201 with the token in `X-Subject-Token`; 429 with
    /// `Retry-After` when the caller's address failed too many logins.
    func issue(_ request: APIRequest) async throws -> APIResponse {
        let auth = try AuthRequestParser.parse(try request.requireBody())
        let issued: (token: String, context: TokenContext)
        do {
            issued = try await identity.issueToken(auth, source: request.sourceAddress ?? "")
        } catch let throttled as LoginThrottled {
            return Self.tooManyRequests(retryAfter: throttled.retryAfter)
        }
        let (token, context) = issued
        let withCatalog = !request.query.contains { $0.name == "nocatalog" }
        return APIResponse(status: 201, body: KeystoneWire.token(context, catalog: withCatalog ? catalog : nil),
                           headers: [("X-Subject-Token", token)])
    }

    /// `GET /identity/v3/auth/tokens`: validates `X-Subject-Token`.
    func show(_ request: APIRequest) async throws -> APIResponse {
        let context = try await subject(request)
        let withCatalog = !request.query.contains { $0.name == "nocatalog" }
        return APIResponse(status: 200, body: KeystoneWire.token(context, catalog: withCatalog ? catalog : nil),
                           headers: [("X-Subject-Token", request.headers["x-subject-token"] ?? "")])
    }

    /// `HEAD /identity/v3/auth/tokens`: 200 when valid.
    func check(_ request: APIRequest) async throws -> APIResponse {
        _ = try await subject(request)
        return APIResponse(status: 200)
    }

    /// `DELETE /identity/v3/auth/tokens`: revokes `X-Subject-Token`.
    func revoke(_ request: APIRequest) async throws -> APIResponse {
        guard let token = request.headers["x-subject-token"] else { throw missingSubject }
        try await identity.revoke(token, caller: request.caller)
        return .noContent
    }

    /// `GET /identity/v3/auth/projects`: the projects the token's user may scope to.
    func projects(_ request: APIRequest) async throws -> APIResponse {
        let context = try await identity.validate(request.headers["x-auth-token"] ?? "")
        let projects = try await identity.authProjects(context)
        return .ok(KeystoneWire.list("projects", projects.map { KeystoneWire.project($0, base: base) }, base: base, path: "auth/projects"))
    }

    /// `GET /identity/v3/auth/catalog`.
    func catalogList(_ request: APIRequest) async throws -> APIResponse {
        .ok(["catalog": catalog, "links": ["self": .string("\(base)/identity/v3/auth/catalog"), "previous": .null, "next": .null]])
    }

    /// Keystone's error body for 429, with `Retry-After` in seconds.
    static func tooManyRequests(retryAfter: Int64) -> APIResponse {
        APIResponse(status: 429, body: ["error": [
            "code": 429, "title": "Too Many Requests",
            "message": .string("Too many failed authentication attempts from this address. Retry after \(retryAfter) seconds."),
        ]], headers: [("Retry-After", String(retryAfter))])
    }

    private var catalog: JSONValue { Catalog.body(config: identity.config, address: identity.address) }

    private var missingSubject: PatchbayError {
        PatchbayError.identityValidation("Missing X-Subject-Token header.")
    }

    private func subject(_ request: APIRequest) async throws -> TokenContext {
        guard let token = request.headers["x-subject-token"] else { throw missingSubject }
        do {
            return try await identity.validate(token)
        } catch let error as PatchbayError where error.category == .unauthorized {
            throw PatchbayError.identityNotFound("token", "")
        }
    }
}
