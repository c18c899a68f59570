import PatchbayCore

/// Reads Keystone's `{"auth": {"identity": …, "scope": …}}` body.
enum AuthRequestParser {
    static func parse(_ body: JSONValue) throws -> AuthRequest {
        guard let auth = body["auth"], let identity = auth["identity"], let methods = identity["methods"]?.arrayValue,
              let method = methods.first?.stringValue
        else { throw PatchbayError.identityValidation("'identity' is a required property") }
        let parsedMethod: AuthRequest.Method
        switch method {
        case "password":
            guard let user = identity["password"]?["user"], let password = user["password"]?.stringValue else {
                throw PatchbayError.identityValidation("'password' is a required property")
            }
            parsedMethod = .password(user: AuthRequest.UserReference(
                id: user["id"]?.stringValue, name: user["name"]?.stringValue, domain: domain(user["domain"])), password: password)
        case "token":
            guard let id = identity["token"]?["id"]?.stringValue else { throw PatchbayError.identityValidation("'id' is a required property") }
            parsedMethod = .token(id)
        default:
            throw PatchbayError.unauthorized("Attempted to authenticate with an unsupported method.", code: "identity.unsupported_method")
        }
        let scope: AuthRequest.ScopeReference
        if let project = auth["scope"]?["project"] {
            scope = .project(id: project["id"]?.stringValue, name: project["name"]?.stringValue, domain: domain(project["domain"]))
        } else if let reference = domain(auth["scope"]?["domain"]) {
            scope = .domain(reference)
        } else if auth["scope"]?["system"] != nil {
            throw PatchbayError.unauthorized("System-scoped tokens are not supported.", code: "identity.system_scope")
        } else {
            scope = .none
        }
        return AuthRequest(method: parsedMethod, scope: scope)
    }

    private static func domain(_ value: JSONValue?) -> AuthRequest.DomainReference? {
        guard let value, value.objectValue != nil else { return nil }
        return AuthRequest.DomainReference(id: value["id"]?.stringValue, name: value["name"]?.stringValue)
    }
}
