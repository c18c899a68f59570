import Foundation
import PatchbayCore

/// `/image/v2/images/{id}/file`: image data in and out, streamed both ways.
struct ImageDataController {
    let images: ImageService

    /// `PUT`: the body streamed into the image store; 204 when stored.
    func upload(_ request: APIRequest) async throws -> APIResponse {
        let given = ImageDataController.mediaType(request.headers)
        guard given == "application/octet-stream" else {
            throw PatchbayError.imageMediaType(given, detail: "Invalid content type \(given)")
        }
        guard let body = request.bodyStream else { throw PatchbayError.imageBadRequest("Body expected in request.", code: "image.missing_body") }
        try await images.upload(request.parameter("id"), caller: request.caller, expecting: try expectation(request.headers), body: body)
        return .noContent
    }

    /// `GET`: the stored bytes with `Content-MD5` (the hex checksum, as Glance sends it); 204
    /// when the image has no data.
    func download(_ request: APIRequest) async throws -> APIResponse {
        let (image, source) = try await images.download(request.parameter("id"), caller: request.caller)
        guard let source else { return .noContent }
        return .bytes(source, headers: image.checksum.map { [("Content-MD5", $0)] } ?? [])
    }

    /// The size and digest the request declares: `x-openstack-image-size` (else
    /// `Content-Length`), and `Content-MD5` as hex or as RFC 1864's base64.
    func expectation(_ headers: [String: String]) throws -> UploadExpectation {
        var expectation = UploadExpectation()
        if let declared = headers["x-openstack-image-size"] ?? headers["content-length"] {
            guard let size = Int64(declared[...].trimmingSpaces()), size >= 0 else {
                throw PatchbayError.imageBadRequest("Invalid or missing image size in request headers.", code: "image.bad_size_header")
            }
            expectation.size = size
        }
        if let md5 = headers["content-md5"].map({ $0[...].trimmingSpaces() }) {
            expectation.md5 = try Self.hexDigest(md5)
        }
        return expectation
    }

    /// The request's media type, without parameters (`application/json; charset=…`).
    static func mediaType(_ headers: [String: String]) -> String {
        headers["content-type"]?.split(separator: ";").first?.trimmingSpaces().lowercased() ?? ""
    }

    /// A 16-byte digest given as 32 hex digits or in base64, as lower-case hex.
    static func hexDigest(_ text: String) throws -> String {
        if text.count == 32, text.allSatisfy(\.isHexDigit) { return text.lowercased() }
        guard let bytes = Data(base64Encoded: text), bytes.count == 16 else {
            throw PatchbayError.imageBadRequest("Content-MD5 is neither 32 hex digits nor the base64 of an MD5 digest.",
                                                code: "image.bad_content_md5")
        }
        return ImageUploadFile.hex(bytes)
    }
}
