import PatchbayCore

/// Which OpenStack API a route belongs to; it decides the error body format.
public enum APIFamily: Sendable {
    /// Neutron: `{"NeutronError": {…}}`.
    case network
    /// Keystone: `{"error": {"code", "message", "title"}}`.
    case identity
    /// Nova: `{"itemNotFound": {"code", "message"}}` and friends.
    case compute
    /// Patchbay's own endpoints (health, agents); they use the Neutron body too.
    case patchbay
    /// Glance: webob's JSON body `{"code": "404 Not Found", "title", "message"}`.
    case image

    /// The family a path belongs to, for requests that match no route.
    static func of(path: String) -> APIFamily {
        if path.hasPrefix("/identity") { return .identity }
        if path.hasPrefix("/compute") { return .compute }
        if path.hasPrefix("/network") { return .network }
        if path.hasPrefix("/image") { return .image }
        return .patchbay
    }
}

/// One endpoint: method, path pattern (`{name}` segments are parameters), and handler.
public struct Route: Sendable {
    /// Upper-case HTTP method.
    public var method: String
    /// The pattern, e.g. `/network/v2.0/networks/{id}`. A trailing slash is significant.
    public var pattern: String
    /// The API family, for error rendering.
    public var family: APIFamily
    /// Whether the endpoint answers without authentication (version documents, health).
    public var isPublic: Bool
    /// Whether the handler reads the body as a stream (``APIRequest/bodyStream``) instead of
    /// the collected JSON body (image uploads).
    public var streamsBody: Bool
    /// The controller function.
    public var handler: @Sendable (APIRequest) async throws -> APIResponse

    let segments: [Substring]

    /// Creates a route.
    public init(_ method: String, _ pattern: String, family: APIFamily = .network, isPublic: Bool = false,
                streamsBody: Bool = false, _ handler: @escaping @Sendable (APIRequest) async throws -> APIResponse) {
        self.method = method
        self.pattern = pattern
        self.family = family
        self.isPublic = isPublic
        self.streamsBody = streamsBody
        self.handler = handler
        self.segments = pattern.split(separator: "/", omittingEmptySubsequences: false)
    }

    /// The parameters if `path` matches the pattern, else nil.
    func match(_ pathSegments: [Substring]) -> [String: String]? {
        guard pathSegments.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (pattern, actual) in zip(segments, pathSegments) {
            if pattern.first == "{", pattern.last == "}" {
                guard !actual.isEmpty else { return nil }
                // Path parameters arrive percent-encoded (e.g. a tag `a%20b`); WSGI servers decode them.
                parameters[String(pattern.dropFirst().dropLast())] = QueryString.decode(actual, plusIsSpace: false)
            } else if pattern != actual {
                return nil
            }
        }
        return parameters
    }
}

/// The result of looking a request up in the table.
public enum RouteMatch: Sendable {
    /// A route matched.
    case found(Route, [String: String])
    /// The path exists but not with this method.
    case methodNotAllowed(APIFamily)
    /// Nothing matches the path.
    case notFound(APIFamily)
}

/// The single table of every endpoint the server answers.
public struct RouteTable: Sendable {
    /// All routes, in declaration order.
    public let routes: [Route]

    /// Creates a table.
    public init(_ routes: [Route]) { self.routes = routes }

    /// Finds the route for a method and path.
    public func match(method: String, path: String) -> RouteMatch {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        var pathExists: Route?
        for route in routes {
            guard let parameters = route.match(segments) else { continue }
            if route.method == method { return .found(route, parameters) }
            pathExists = pathExists ?? route
        }
        let family = APIFamily.of(path: path)
        // Neutron answers 404, not 405, for other verbs on /extensions.
        if path.hasPrefix("/network/v2.0/extensions") { return .notFound(family) }
        return pathExists.map { .methodNotAllowed($0.family) } ?? .notFound(family)
    }
}
