import PatchbayCore

/// A request as controllers see it: no HTTP library types, just the parsed parts.
public struct APIRequest: Sendable {
    /// Upper-case HTTP method.
    public var method: String
    /// The request path, without the query string.
    public var path: String
    /// Values of the `{name}` segments of the matched route.
    public var parameters: [String: String]
    /// Decoded query items, in order.
    public var query: [(name: String, value: String)]
    /// The parsed JSON body, if the request had one.
    public var body: JSONValue?
    /// Who is calling.
    public var caller: Caller
    /// Lower-cased header names to values.
    public var headers: [String: String]
    /// The IP address of the connection's peer (not from any header); nil when unknown.
    public var sourceAddress: String?
    /// The body as it arrives, on routes that stream theirs (``body`` is then nil).
    public var bodyStream: RequestBodyStream?

    /// Creates a request.
    public init(method: String, path: String, parameters: [String: String] = [:], query: [(name: String, value: String)] = [],
                body: JSONValue? = nil, caller: Caller, headers: [String: String] = [:], sourceAddress: String? = nil) {
        self.method = method
        self.path = path
        self.parameters = parameters
        self.query = query
        self.body = body
        self.caller = caller
        self.headers = headers
        self.sourceAddress = sourceAddress
    }

    /// The value of a route parameter; routes guarantee presence.
    public func parameter(_ name: String) -> String { parameters[name] ?? "" }

    /// The revision an `If-Match: revision_number=N` header demands, if any.
    public func expectedRevision() throws -> Int? {
        guard let header = headers["if-match"] else { return nil }
        for part in header.split(separator: ",") {
            let item = part.trimmingSpaces()
            guard item.hasPrefix("revision_number=") else { continue }
            guard let number = Int(item.dropFirst("revision_number=".count)) else {
                throw PatchbayError.badRequest("If-Match header without revision_number=<int>", code: "request.bad_if_match")
            }
            return number
        }
        return nil
    }

    /// The body, or a 400 when there is none.
    public func requireBody() throws -> JSONValue {
        guard let body else { throw PatchbayError.badRequest("Body contains invalid data", code: "request.missing_body") }
        return body
    }
}

/// What a controller returns: a status, an optional JSON body and extra headers.
public struct APIResponse: Sendable {
    /// HTTP status code.
    public var status: Int
    /// JSON body; nil for none.
    public var body: JSONValue?
    /// Extra response headers.
    public var headers: [(String, String)]
    /// Bytes to stream as the body instead of JSON (`application/octet-stream`).
    public var stream: (any ByteSource)?

    /// Creates a response.
    public init(status: Int, body: JSONValue? = nil, headers: [(String, String)] = []) {
        self.status = status
        self.body = body
        self.headers = headers
    }

    /// 200 streaming `source` as `application/octet-stream`, with extra headers.
    public static func bytes(_ source: any ByteSource, headers: [(String, String)] = []) -> APIResponse {
        var response = APIResponse(status: 200, headers: headers)
        response.stream = source
        return response
    }

    /// 200 with a JSON body.
    public static func ok(_ body: JSONValue) -> APIResponse { APIResponse(status: 200, body: body) }
    /// 201 with a JSON body.
    public static func created(_ body: JSONValue) -> APIResponse { APIResponse(status: 201, body: body) }
    /// 204 with no body.
    public static let noContent = APIResponse(status: 204)
}
