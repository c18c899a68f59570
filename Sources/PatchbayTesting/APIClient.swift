import AsyncHTTPClient
import NIOCore
import PatchbayCore

/// A small JSON client for tests: real HTTP over one shared keep-alive client.
public struct APIClient: Sendable {
    /// A response: status and parsed JSON (`.null` when empty).
    public struct Reply: Sendable {
        /// The HTTP status.
        public let status: Int
        /// The parsed body.
        public let json: JSONValue
        /// Response headers, lower-cased names.
        public let headers: [String: String]
        /// The body exactly as received.
        public var text = ""

        /// The NeutronError type, when the body is one.
        public var errorType: String? { json["NeutronError"]?["type"]?.stringValue }
        /// The NeutronError message, when the body is one.
        public var errorMessage: String? { json["NeutronError"]?["message"]?.stringValue }
    }

    /// The server root, e.g. `http://127.0.0.1:PORT`.
    public let baseURL: String
    /// Headers sent with every request (e.g. `X-Roles`).
    public var headers: [String: String]

    /// A client for a server.
    public init(baseURL: String, headers: [String: String] = [:]) {
        self.baseURL = baseURL
        self.headers = headers
    }

    /// The same client acting as another project and roles (noauth headers).
    public func acting(project: String, roles: String) -> APIClient {
        APIClient(baseURL: baseURL, headers: ["X-Project-Id": project, "X-Roles": roles])
    }

    /// Sends a request; `path` starts with `/`.
    public func send(_ method: String, _ path: String, _ body: JSONValue? = nil, rawBody: String? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .init(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let text = rawBody ?? body.map({ JSONWriter.string($0) }) {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: text))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 64 * 1024 * 1024)
        let json = buffer.readableBytes == 0 ? JSONValue.null : try JSONParser.parse(Array(buffer.readableBytesView))
        var replyHeaders: [String: String] = [:]
        for header in response.headers { replyHeaders[header.name.lowercased()] = header.value }
        return Reply(status: Int(response.status.code), json: json, headers: replyHeaders, text: String(buffer: buffer))
    }

    /// GET.
    public func get(_ path: String) async throws -> Reply { try await send("GET", path) }
    /// POST with a JSON body.
    public func post(_ path: String, _ body: JSONValue) async throws -> Reply { try await send("POST", path, body) }
    /// PUT with a JSON body.
    public func put(_ path: String, _ body: JSONValue? = nil) async throws -> Reply { try await send("PUT", path, body) }
    /// DELETE.
    public func delete(_ path: String) async throws -> Reply { try await send("DELETE", path) }
}
