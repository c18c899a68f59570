import PatchbayCore

/// Renders a domain error in the body format of the API family it happened in.
enum FaultRenderer {
    static func render(_ error: PatchbayError, family: APIFamily) -> APIResponse {
        switch family {
        case .network, .patchbay:
            // NotImplementedError is the one Neutron error rendered under another key.
            let key = error.category == .notImplemented ? "NotImplementedError" : "NeutronError"
            return APIResponse(status: error.category.httpStatus, body: [
                key: ["type": .string(error.type), "message": .string(error.message), "detail": .string(error.detail)],
            ])
        }
    }

    static let methodNotAllowed = PatchbayError(
        code: "request.method_not_allowed", type: "HTTPMethodNotAllowed", category: .badRequest,
        message: "The method is not allowed for this resource.")

    static let internalError = PatchbayError(
        code: "server.internal", type: "HTTPInternalServerError", category: .internalError,
        message: "Request Failed: internal server error while processing your request.")
}
