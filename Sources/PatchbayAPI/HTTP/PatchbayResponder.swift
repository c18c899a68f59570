import Hummingbird
import Logging
import PatchbayCore

/// The server's one responder: looks the request up in the route table, authenticates it,
/// parses the JSON body, runs the controller and renders faults in the API's own format.
public struct PatchbayResponder: HTTPResponder {
    /// The context carries the connection's peer address.
    public typealias Context = PatchbayRequestContext

    let table: RouteTable
    let authenticator: any Authenticator
    let logger: Logger
    /// Largest accepted request body (bulk creates of a few thousand ports fit).
    let maxBodySize = 16 * 1024 * 1024

    /// Answers one request.
    public func respond(to request: Request, context: PatchbayRequestContext) async throws -> Response {
        let requestID = "req-" + UUIDv4.make()
        let method = request.method.rawValue
        let path = request.uri.path
        var family = APIFamily.of(path: path)
        let result: APIResponse
        do {
            switch table.match(method: method, path: path) {
            case .notFound(let matchedFamily):
                family = matchedFamily
                throw PatchbayError.resourceNotFound
            case .methodNotAllowed(let matchedFamily):
                family = matchedFamily
                throw FaultRenderer.methodNotAllowed
            case .found(let route, let parameters):
                family = route.family
                result = try await run(route, parameters: parameters, request: request, source: context.sourceAddress)
            }
        } catch let error as PatchbayError {
            result = FaultRenderer.render(error, family: family)
        } catch {
            logger.error("unhandled error", metadata: ["request_id": "\(requestID)", "error": "\(error)"])
            result = FaultRenderer.render(FaultRenderer.internalError, family: family)
        }
        logger.info("request", metadata: [
            "request_id": "\(requestID)", "method": "\(method)", "path": "\(path)", "status": "\(result.status)",
        ])
        return encode(result, requestID: requestID)
    }

    private func run(_ route: Route, parameters: [String: String], request: Request, source: String?) async throws -> APIResponse {
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        // HTTP/1 `Host` arrives as the `:authority` pseudo-header, not as a header field.
        if headers["host"] == nil, let authority = request.head.authority { headers["host"] = authority }
        let caller = route.isPublic
            ? Caller(projectId: "", roles: [])
            : try await authenticator.caller(headers: headers)
        var body: JSONValue?
        var stream: RequestBodyStream?
        if route.streamsBody {
            let chunks = request.body
            stream = RequestBodyStream { consume in
                for try await buffer in chunks { try buffer.withUnsafeReadableBytes(consume) }
            }
        } else if method(request) != "GET" && method(request) != "DELETE" {
            var mutable = request
            let buffer: ByteBuffer
            do {
                buffer = try await mutable.collectBody(upTo: maxBodySize)
            } catch let error as HTTPError {
                throw error
            } catch {
                // The client went away mid-body (or sent less than it announced): its error, not ours.
                throw PatchbayError(code: "request.body_incomplete", type: "HTTPBadRequest", category: .badRequest,
                                    message: "The request body ended early: \(error)")
            }
            if buffer.readableBytes > 0 {
                body = try buffer.withUnsafeReadableBytes { try JSONParser.parse($0) }
            }
        }
        var apiRequest = APIRequest(method: request.method.rawValue, path: request.uri.path, parameters: parameters,
                                    query: QueryString.parse(request.uri.query), body: body, caller: caller,
                                    headers: headers, sourceAddress: source)
        apiRequest.bodyStream = stream
        return try await route.handler(apiRequest)
    }

    private func method(_ request: Request) -> String { request.method.rawValue }

    private func encode(_ result: APIResponse, requestID: String) -> Response {
        var fields = HTTPFields()
        fields[.init("x-openstack-request-id")!] = requestID
        for (name, value) in result.headers { fields[.init(name)!] = value }
        if let source = result.stream {
            fields[.contentType] = "application/octet-stream"
            fields[.contentLength] = String(source.length)
            return Response(status: .init(code: result.status), headers: fields, body: Self.streaming(source))
        }
        guard let body = result.body, result.status != 204 else {
            return Response(status: .init(code: result.status), headers: fields)
        }
        fields[.contentType] = "application/json"
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4096)
        // Error bodies are small: sorting their keys makes every refusal of a kind byte-identical.
        JSONWriter.write(body, into: &bytes, sortedKeys: result.status >= 400)
        fields[.contentLength] = String(bytes.count)
        return Response(status: .init(code: result.status), headers: fields,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// Size of the buffers a streamed body is read into.
    static let streamChunkSize = 256 * 1024

    /// A body that reads `source` in chunks as the connection takes them, never all at once, and
    /// fails the response (the connection closes short) when the source ends before its length.
    static func streaming(_ source: any ByteSource) -> ResponseBody {
        ResponseBody(contentLength: Int(source.length)) { writer in
            defer { source.close() }
            let allocator = ByteBufferAllocator()
            var sent: Int64 = 0
            while sent < source.length {
                var buffer = allocator.buffer(capacity: streamChunkSize)
                let count = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: streamChunkSize) {
                    try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0.prefix(streamChunkSize)))
                }
                guard count > 0 else { throw ByteSourceEnded(expected: source.length, sent: sent) }
                sent += Int64(count)
                try await writer.write(buffer)
            }
            try await writer.finish(nil)
        }
    }
}

/// A streamed body's source ended before the length announced in `Content-Length`.
struct ByteSourceEnded: Error, CustomStringConvertible {
    let expected: Int64
    let sent: Int64
    var description: String { "the body's source ended after \(sent) of \(expected) bytes" }
}
