/// Keystone's failures, with its titles as `type` so the API renders `{"error": {code, message, title}}`.
extension PatchbayError {
    /// 401: the request could not be authenticated.
    public static func unauthorized(_ message: String = "The request you have made requires authentication.",
                                    code: String = "identity.unauthorized") -> PatchbayError {
        PatchbayError(code: code, type: "Unauthorized", category: .unauthorized, message: message)
    }

    /// 404 in Keystone's words: "Could not find project: X."
    public static func identityNotFound(_ kind: String, _ id: String) -> PatchbayError {
        PatchbayError(code: "identity.\(kind)_not_found", type: "Not Found", category: .notFound,
                      message: "Could not find \(kind): \(id).")
    }

    /// 409: a duplicate name.
    public static func identityConflict(_ kind: String, _ detail: String) -> PatchbayError {
        PatchbayError(code: "identity.\(kind)_conflict", type: "Conflict", category: .conflict,
                      message: "Conflict occurred attempting to store \(kind) - \(detail).")
    }

    /// 400: a malformed identity request.
    public static func identityValidation(_ message: String) -> PatchbayError {
        PatchbayError(code: "identity.validation", type: "Bad Request", category: .badRequest, message: message)
    }

    /// 403: the caller lacks the role for an identity action.
    public static func identityForbidden(_ action: String) -> PatchbayError {
        PatchbayError(code: "identity.forbidden", type: "Forbidden", category: .forbidden,
                      message: "You are not authorized to perform the requested action: \(action).")
    }
}
