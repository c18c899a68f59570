import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import NIOCore
import PatchbayAPI
import PatchbayCore
import PatchbayPostgres
import PatchbayStore
import PatchbayTesting
import Testing

/// Helpers for the image suites: image create, raw uploads and downloads over real HTTP, the
/// digests the tests compute themselves, and a look into the server's image directory.
enum ImageAPI {
    static let v2 = "/image/v2"

    /// Runs `body` against a fresh noauth server that is always stopped afterwards.
    static func withServer(yaml: String = ServerConfig.defaultYAML, _ body: (TestServer, APIClient) async throws -> Void) async throws {
        let server = try await TestServer.start(yaml: yaml)
        do {
            try await body(server, APIClient(baseURL: server.baseURL))
        } catch {
            try? await server.stop()
            throw error
        }
        try await server.stop()
    }

    /// `POST /v2/images` that must answer 201; returns the image.
    @discardableResult
    static func create(_ client: APIClient, _ body: [String: JSONValue] = ["disk_format": "raw", "container_format": "bare"],
                       sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        let reply = try await client.post("\(v2)/images", .object(body))
        try #require(reply.status == 201, "image create: \(reply.status) \(reply.text)", sourceLocation: sourceLocation)
        return reply.json
    }

    /// The id of an image JSON object.
    static func id(_ image: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try #require(image["id"]?.stringValue, sourceLocation: sourceLocation)
    }

    /// A response: status, headers (lower-cased) and the raw body.
    struct Raw: Sendable {
        let status: Int
        let headers: [String: String]
        let bytes: [UInt8]
        /// The body parsed as JSON (`.null` when empty or not JSON).
        var json: JSONValue { (try? JSONParser.parse(bytes)) ?? .null }
    }

    /// `PUT /v2/images/{id}/file` with `bytes` as the body (Content-Length set), as `client`'s caller.
    static func upload(_ client: APIClient, _ id: String, _ bytes: [UInt8], contentType: String = "application/octet-stream",
                       headers: [String: String] = [:]) async throws -> Raw {
        try await send(client, "PUT", "\(v2)/images/\(id)/file", body: .bytes(ByteBuffer(bytes: bytes)),
                       headers: ["Content-Type": contentType].merging(headers) { _, new in new })
    }

    /// `GET /v2/images/{id}/file`, the whole body collected.
    static func download(_ client: APIClient, _ id: String) async throws -> Raw {
        try await send(client, "GET", "\(v2)/images/\(id)/file")
    }

    /// Sends a request with a raw body and collects the raw answer (up to 128 MiB).
    static func send(_ client: APIClient, _ method: String, _ path: String, body: HTTPClientRequest.Body? = nil,
                     headers: [String: String] = [:]) async throws -> Raw {
        var request = HTTPClientRequest(url: client.baseURL + path)
        request.method = .init(rawValue: method)
        for (name, value) in client.headers.merging(headers, uniquingKeysWith: { _, new in new }) {
            request.headers.add(name: name, value: value)
        }
        request.body = body
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
        let buffer = try await response.body.collect(upTo: 128 * 1024 * 1024)
        var replyHeaders: [String: String] = [:]
        for header in response.headers { replyHeaders[header.name.lowercased()] = header.value }
        return Raw(status: Int(response.status.code), headers: replyHeaders, bytes: Array(buffer.readableBytesView))
    }

    /// `count` pseudo-random bytes from `seed` (different seeds, different bytes).
    static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed &+ 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
    }

    /// MD5 of `bytes`, lower-case hex, computed here rather than by the server.
    static func md5(_ bytes: [UInt8]) -> String { hex(Insecure.MD5.hash(data: bytes)) }
    /// SHA-512 of `bytes`, lower-case hex, computed here rather than by the server.
    static func sha512(_ bytes: [UInt8]) -> String { hex(SHA512.hash(data: bytes)) }
    static func hex(_ digest: some Sequence<UInt8>) -> String { digest.map { String(format: "%02x", $0) }.joined() }

    /// The data files the server's database keeps (their names: SHA-512 digests).
    static func storedFiles(_ server: TestServer) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "\(server.imageFiles)/data")) ?? []).sorted()
    }

    /// The upload files in the server's temporary directory.
    static func temporaryFiles(_ server: TestServer) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: "\(server.imageFiles)/tmp")) ?? []
    }

    /// The image row as stored (not as the API shows it): a request that ended must leave the row
    /// itself settled, not only its view.
    static func storedRow(_ server: TestServer, _ id: String) async throws -> Image? {
        let store = try await DatabaseOpener.open(server.databasePath, logger: Logger(label: "image-row"))
        let image = try await SQLImageRepository(store: store).read { try await $0.image(id) }
        try await store.close()
        return image
    }

    /// The image's `status` and `size` as the API shows them.
    static func state(_ client: APIClient, _ id: String) async throws -> (status: String?, size: Int?) {
        let image = try await client.get("\(v2)/images/\(id)").json
        return (image["status"]?.stringValue, image["size"]?.intValue)
    }

    /// Checks a Glance error body: the status, `code` as "404 Not Found", and the message's start.
    static func expectFault(_ reply: (status: Int, json: JSONValue), _ status: Int, _ message: String,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(reply.status == status, "\(reply.json)", sourceLocation: sourceLocation)
        #expect(reply.json["code"]?.stringValue?.hasPrefix("\(status) ") == true, "\(reply.json)", sourceLocation: sourceLocation)
        let text = reply.json["message"]?.stringValue ?? ""
        #expect(text.contains(message), "message: \(text)", sourceLocation: sourceLocation)
    }
}

extension APIClient.Reply {
    /// The status and body, for ``ImageAPI/expectFault(_:_:_:sourceLocation:)``.
    var fault: (status: Int, json: JSONValue) { (status, json) }
}

extension ImageAPI.Raw {
    /// The status and body, for ``ImageAPI/expectFault(_:_:_:sourceLocation:)``.
    var fault: (status: Int, json: JSONValue) { (status, json) }
}

extension ImageAPI {
    /// `PATCH /v2/images/{id}` with JSON-patch `operations` in Glance's v2.1 media type.
    static func patch(_ client: APIClient, _ id: String, _ operations: [JSONValue],
                      contentType: String = "application/openstack-images-v2.1-json-patch") async throws -> Raw {
        try await send(client, "PATCH", "\(v2)/images/\(id)", body: .bytes(ByteBuffer(string: JSONWriter.string(.array(operations)))),
                       headers: ["Content-Type": contentType])
    }

    /// One JSON-patch operation.
    static func op(_ op: String, _ path: String, _ value: JSONValue? = nil) -> JSONValue {
        var body: [String: JSONValue] = ["op": .string(op), "path": .string(path)]
        if let value { body["value"] = value }
        return .object(body)
    }
}
