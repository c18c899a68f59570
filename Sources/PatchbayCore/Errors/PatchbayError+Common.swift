/// Constructors for the failures that many resources share.
extension PatchbayError {
    /// 400 `InvalidInput`: "Invalid input for operation: <reason>."
    public static func invalidInput(_ reason: String) -> PatchbayError {
        PatchbayError(code: "request.invalid_input", type: "InvalidInput", category: .badRequest,
                      message: "Invalid input for operation: \(reason).")
    }

    /// 400 `HTTPBadRequest` with a literal message (body-shape problems Neutron reports through webob).
    public static func badRequest(_ message: String, code: String = "request.bad_request") -> PatchbayError {
        PatchbayError(code: code, type: "HTTPBadRequest", category: .badRequest, message: message)
    }

    /// 404 for a resource of a given kind, e.g. `notFound("Network", id)` → `NetworkNotFound`.
    public static func notFound(_ kind: String, _ id: String) -> PatchbayError {
        PatchbayError(code: "\(kind.lowercased()).not_found", type: "\(kind)NotFound", category: .notFound,
                      message: "\(kind) \(id) could not be found.")
    }

    /// 404 `HTTPNotFound`: what a caller sees for a resource it may not know about.
    public static let resourceNotFound = PatchbayError(
        code: "request.not_found", type: "HTTPNotFound", category: .notFound,
        message: "The resource could not be found.")

    /// 403 `PolicyNotAuthorized`: the policy forbids the action on a resource the caller can see.
    public static func policyNotAuthorized(_ action: String) -> PatchbayError {
        PatchbayError(code: "policy.not_authorized", type: "PolicyNotAuthorized", category: .forbidden,
                      message: "(rule:\(action)) is disallowed by policy")
    }

    /// 409 `Conflict` with a free-form message.
    public static func conflict(_ type: String, code: String, _ message: String) -> PatchbayError {
        PatchbayError(code: code, type: type, category: .conflict, message: message)
    }

    /// 409: a write that conflicted with concurrent writes on every one of its `attempts`
    /// (serialization failures on a shared database); the client may simply retry.
    public static func contention(attempts: Int) -> PatchbayError {
        PatchbayError(code: "store.contention", type: "Conflict", category: .conflict,
                      message: "The request conflicted with concurrent requests \(attempts) times in a row; retry it.")
    }
}
