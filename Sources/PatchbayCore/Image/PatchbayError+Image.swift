/// The image service's failures, worded as Glance words them. Messages that Glance passes to
/// webob as the explanation are the `message`; those it passes as the detail keep webob's
/// default explanation as the `message` and go in `detail`.
extension PatchbayError {
    /// 404: the image does not exist or the caller may not see it.
    public static func imageNotFound(_ id: String) -> PatchbayError {
        PatchbayError(code: "image.not_found", type: "HTTPNotFound", category: .notFound, message: "No image found with ID \(id)")
    }

    /// 404 as `DELETE` words it.
    public static func imageNotFoundForDelete(_ id: String) -> PatchbayError {
        PatchbayError(code: "image.not_found", type: "HTTPNotFound", category: .notFound,
                      message: "Failed to find image \(id) to delete")
    }

    /// 403: Glance's default policy refuses `action` (`modify_image`, `publicize_image`, …).
    public static func imageActionForbidden(_ action: String) -> PatchbayError {
        PatchbayError(code: "image.not_authorized", type: "HTTPForbidden", category: .forbidden,
                      message: "You are not authorized to complete \(action) action.")
    }

    /// 403: an attribute the server sets (`status`, `checksum`, `size`, `id`, …).
    public static func imageAttributeReadOnly(_ name: String) -> PatchbayError {
        PatchbayError(code: "image.read_only_attribute", type: "HTTPForbidden", category: .forbidden,
                      message: "Attribute '\(name)' is read-only.")
    }

    /// 403: a name Glance keeps for itself (`location`, `deleted`, `os_glance…`).
    public static func imageAttributeReserved(_ name: String) -> PatchbayError {
        PatchbayError(code: "image.reserved_attribute", type: "HTTPForbidden", category: .forbidden,
                      message: "Attribute '\(name)' is reserved.")
    }

    /// 403: a protected image cannot be deleted.
    public static func imageProtected(_ id: String) -> PatchbayError {
        PatchbayError(code: "image.protected", type: "HTTPForbidden", category: .forbidden,
                      message: "Image \(id) is protected and cannot be deleted.")
    }

    /// 403 in Glance's detail form (webob's explanation first).
    static func imageForbidden(_ detail: String, code: String) -> PatchbayError {
        PatchbayError(code: code, type: "HTTPForbidden", category: .forbidden, message: "Access was denied to this resource.",
                      detail: detail)
    }

    /// 409: the status does not allow the change (an upload to an image that is not `queued`).
    public static func imageStatusTransition(from current: ImageStatus, to next: ImageStatus) -> PatchbayError {
        PatchbayError(code: "image.invalid_status_transition", type: "HTTPConflict", category: .conflict,
                      message: "Image status transition from \(current.rawValue) to \(next.rawValue) is not allowed")
    }

    /// 409 in Glance's detail form: a property to replace or remove is not there.
    public static func imagePropertyMissing(_ name: String) -> PatchbayError {
        PatchbayError(code: "image.property_missing", type: "HTTPConflict", category: .conflict,
                      message: "There was a conflict when trying to complete your request.",
                      detail: "Property \(name) does not exist.")
    }

    /// 400: the body breaks the image schema.
    public static func imageSchemaViolation(_ reason: String) -> PatchbayError {
        PatchbayError(code: "image.schema_violation", type: "HTTPBadRequest", category: .badRequest,
                      message: "Provided object does not match schema 'image': \(reason)")
    }

    /// 400 with Glance's own wording for a malformed request.
    public static func imageBadRequest(_ message: String, code: String) -> PatchbayError {
        PatchbayError(code: code, type: "HTTPBadRequest", category: .badRequest, message: message)
    }

    /// 415 for a body of a media type the endpoint does not take.
    public static func imageMediaType(_ given: String, detail: String) -> PatchbayError {
        PatchbayError(code: "image.unsupported_media_type", type: "HTTPUnsupportedMediaType", category: .unsupportedMediaType,
                      message: "The request media type \(given) is not supported by this server.", detail: detail)
    }

    /// 503: the stored data of an active image is missing or not the size recorded.
    public static func imageDataUnavailable(_ id: String, reason: String) -> PatchbayError {
        PatchbayError(code: "image.data_unavailable", type: "HTTPServiceUnavailable", category: .unavailable,
                      message: "The data of image \(id) cannot be served: \(reason)")
    }
}
