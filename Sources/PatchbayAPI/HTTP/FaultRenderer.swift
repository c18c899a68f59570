import PatchbayCore

/// Renders a domain error in the body format of the API family it happened in.
enum FaultRenderer {
    static func render(_ error: PatchbayError, family: APIFamily) -> APIResponse {
        // 401s come from the token layer, which renders them as Keystone (and keystonemiddleware) do.
        if family == .identity || error.category == .unauthorized {
            let status = error.category.httpStatus
            var response = APIResponse(status: status, body: [
                "error": ["code": .int(status), "message": .string(error.message), "title": .string(title(status))],
            ])
            if status == 401 { response.headers.append(("WWW-Authenticate", "Keystone uri=\"/identity\"")) }
            return response
        }
        switch family {
        case .image:
            return glance(error)
        case .compute:
            let status = error.category.httpStatus
            return APIResponse(status: status, body: [novaKey(status): ["code": .int(status), "message": .string(error.message)]])
        case .network, .patchbay, .identity:
            // NotImplementedError is the one Neutron error rendered under another key.
            let key = error.category == .notImplemented ? "NotImplementedError" : "NeutronError"
            return APIResponse(status: error.category.httpStatus, body: [
                key: ["type": .string(error.type), "message": .string(error.message), "detail": .string(error.detail)],
            ])
        }
    }

    /// The top-level key Nova wraps a fault in.
    static func novaKey(_ status: Int) -> String {
        switch status {
        case 400: "badRequest"
        case 403: "forbidden"
        case 404: "itemNotFound"
        case 405: "HTTPMethodNotAllowed"
        case 406: "notAcceptable"
        case 409: "conflictingRequest"
        case 501: "notImplemented"
        case 503: "serviceUnavailable"
        default: "computeFault"
        }
    }

    static func title(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 406: "Not Acceptable"
        case 409: "Conflict"
        case 410: "Gone"
        case 412: "Precondition Failed"
        case 415: "Unsupported Media Type"
        case 501: "Not Implemented"
        case 503: "Service Unavailable"
        default: "Internal Server Error"
        }
    }

    static let methodNotAllowed = PatchbayError(
        code: "request.method_not_allowed", type: "HTTPMethodNotAllowed", category: .methodNotAllowed,
        message: "The server could not comply with the request since it is either malformed or otherwise incorrect.")

    static let internalError = PatchbayError(
        code: "server.internal", type: "HTTPInternalServerError", category: .internalError,
        message: "Request Failed: internal server error while processing your request.")
}
