import PatchbayCore

/// `/image/v2/images`: Glance's image metadata calls. HTTP only; the service does the work.
struct ImagesController {
    let images: ImageService

    func create(_ request: APIRequest) async throws -> APIResponse {
        guard let body = request.body else { throw PatchbayError.imageBadRequest("Body expected in request.", code: "image.missing_body") }
        let image = try await images.create(body, caller: request.caller)
        return APIResponse(status: 201, body: ImageWire.body(image), headers: [("Location", "/v2/images/\(image.id)")])
    }

    func list(_ request: APIRequest) async throws -> APIResponse {
        let page = try await images.images(try ImageListQuery.parse(request.query), caller: request.caller)
        return .ok(ImageWire.list(page, query: request.query))
    }

    func show(_ request: APIRequest) async throws -> APIResponse {
        .ok(ImageWire.body(try await images.image(request.parameter("id"), caller: request.caller)))
    }

    func update(_ request: APIRequest) async throws -> APIResponse {
        let given = ImageDataController.mediaType(request.headers)
        guard given == ImagePatch.mediaType else {
            var fault = FaultRenderer.glance(.imageMediaType(given, detail: "Image PATCH expects Content-Type one of: \(ImagePatch.mediaType)"))
            fault.headers.append(("Accept-Patch", ImagePatch.mediaType))
            return fault
        }
        guard let body = request.body else { throw PatchbayError.imageBadRequest("Body expected in request.", code: "image.missing_body") }
        let image = try await images.update(request.parameter("id"), try ImagePatch.parse(body), caller: request.caller)
        return .ok(ImageWire.body(image))
    }

    func delete(_ request: APIRequest) async throws -> APIResponse {
        try await images.delete(request.parameter("id"), caller: request.caller)
        return .noContent
    }

    func imageSchema(_ request: APIRequest) async throws -> APIResponse { .ok(ImageSchemaWire.image) }

    func imagesSchema(_ request: APIRequest) async throws -> APIResponse { .ok(ImageSchemaWire.images) }

    /// The minor versions of v2 listed, newest first: up to 2.7 (hidden images, multihash).
    static let versions = (0...7).reversed().map { "2.\($0)" }

    /// `GET /image` (300, as Glance answers its root) and `/image/versions` (200): every v2.x
    /// pointing at `http://<host>/image/v2/`, the newest `CURRENT`.
    static func versions(explicit: Bool) -> @Sendable (APIRequest) async throws -> APIResponse {
        { request in
            let href = "http://\(request.headers["host"] ?? "127.0.0.1")/image/v2/"
            let body: JSONValue = ["versions": .array(versions.enumerated().map { index, version in
                ["id": .string("v\(version)"), "status": index == 0 ? "CURRENT" : "SUPPORTED",
                 "links": [["rel": "self", "href": .string(href)]]]
            })]
            return APIResponse(status: explicit ? 200 : 300, body: body)
        }
    }
}
