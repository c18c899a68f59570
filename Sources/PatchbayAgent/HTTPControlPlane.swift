import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import PatchbayCore
import Synchronization

/// The real `ControlPlane`: JSON over HTTP, authenticated with a Keystone token obtained from the
/// host's own credential (and obtained again when the server answers 401).
public final class HTTPControlPlane: ControlPlane {
    private let baseURL: String
    private let credentials: AgentCredentials?
    private let client: HTTPClient
    private let token = Mutex<String?>(nil)
    private let timeout: TimeAmount

    /// Creates a client for `baseURL`; `credentials` nil means the server runs without authentication.
    /// A request fails after `timeout` (the HTTP client keeps retrying a refused connection until then),
    /// so a pass during an outage is delayed by at most that much per call.
    public init(baseURL: String, credentials: AgentCredentials?, client: HTTPClient = .shared, timeout: TimeAmount = .seconds(10)) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.credentials = credentials
        self.client = client
        self.timeout = timeout
    }

    public func reportAgent(_ body: JSONValue) async throws {
        _ = try await send("POST", "/patchbay/v1/agents/report", body)
    }

    public func reportInventory(host: String, _ body: JSONValue) async throws {
        _ = try await send("POST", "/patchbay/v1/hosts/\(host)/inventory", body)
    }

    public func desiredState(host: String, ifNoneMatch: String?, wait: Int) async throws -> DesiredStateFetch {
        let query = wait > 0 && ifNoneMatch != nil ? "?wait=\(wait)" : ""
        let reply = try await send("GET", "/patchbay/v1/hosts/\(host)/desired\(query)", nil,
                                   headers: ifNoneMatch.map { ["If-None-Match": $0] } ?? [:], accept: [304],
                                   extraTime: .seconds(Int64(query.isEmpty ? 0 : wait)))
        if reply.status == 304 { return .unchanged }
        guard let object = reply.json["desired"] else {
            throw PatchbayError.serverRejected("GET desired state", status: reply.status, "no 'desired' in the reply")
        }
        return .changed(try HostDesiredState(json: object), tag: reply.headers["etag"] ?? "")
    }

    public func reportDevices(host: String, up: [String], down: [String], reasons: [String: String]) async throws {
        var body: [String: JSONValue] = ["up": .array(up.map(JSONValue.string)), "down": .array(down.map(JSONValue.string))]
        if !reasons.isEmpty { body["reasons"] = .object(reasons.mapValues(JSONValue.string)) }
        _ = try await send("POST", "/patchbay/v1/hosts/\(host)/devices", .object(body))
    }

    public func reportGuests(host: String, _ report: GuestStatusReport) async throws {
        _ = try await send("POST", "/patchbay/v1/hosts/\(host)/guests", report.json)
    }

    public func downloadImage(_ imageId: String, to path: String) async throws {
        try await download("/image/v2/images/\(imageId)/file", to: path)
    }

    public func reportConsole(host: String, serverId: String, output: String) async throws {
        _ = try await send("PUT", "/patchbay/v1/hosts/\(host)/servers/\(serverId)/console", ["output": .string(output)])
    }

    public func reportTapFlows(host: String, _ outcomes: [String: String?]) async throws {
        let items: [JSONValue] = outcomes.sorted { $0.key < $1.key }.map { id, reason in
            var item: [String: JSONValue] = ["id": .string(id), "status": .string(reason == nil ? "ACTIVE" : "ERROR")]
            if let reason { item["reason"] = .string(String(reason.prefix(1000))) }
            return .object(item)
        }
        _ = try await send("POST", "/patchbay/v1/hosts/\(host)/taps", ["tap_flows": .array(items)])
    }

    struct Reply {
        var status: Int
        var json: JSONValue
        var headers: [String: String]
    }

    /// Sends one request with the token; a 401 fetches a new token and retries once.
    private func send(_ method: String, _ path: String, _ body: JSONValue?, headers: [String: String] = [:],
                      accept: Set<Int> = [], extraTime: TimeAmount = .zero) async throws -> Reply {
        for attempt in 0..<2 {
            var all = headers
            if credentials != nil { all["X-Auth-Token"] = try await currentToken() }
            let reply = try await execute(method, baseURL + path, body, headers: all, extraTime: extraTime)
            if reply.status == 401, credentials != nil, attempt == 0 {
                token.withLock { $0 = nil }
                continue
            }
            guard (200..<300).contains(reply.status) || accept.contains(reply.status) else {
                throw PatchbayError.serverRejected("\(method) \(path)", status: reply.status, JSONWriter.string(reply.json))
            }
            return reply
        }
        throw PatchbayError.serverRejected("\(method) \(path)", status: 401,
                                           "a fresh token was refused too; was the host credential rotated or revoked (an admin mints a new one with POST /patchbay/v1/hosts/{host}/credentials)?")
    }

    /// Streams a `GET` body into the file at `path` (created or truncated), never holding it
    /// whole; a 401 fetches a new token and retries once. The transfer may take up to an hour.
    private func download(_ path: String, to file: String) async throws {
        for attempt in 0..<2 {
            var request = HTTPClientRequest(url: baseURL + path)
            if credentials != nil { request.headers.add(name: "X-Auth-Token", value: try await currentToken()) }
            let response: HTTPClientResponse
            do { response = try await client.execute(request, timeout: .hours(1)) } catch {
                throw PatchbayError.serverUnreachable(baseURL + path, "\(error)")
            }
            if response.status.code == 401, credentials != nil, attempt == 0 {
                token.withLock { $0 = nil }
                continue
            }
            guard response.status.code == 200 else {
                let body = try await response.body.collect(upTo: 1 << 20)
                throw PatchbayError.serverRejected("GET \(path)", status: Int(response.status.code), String(buffer: body))
            }
            guard FileManager.default.createFile(atPath: file, contents: nil), let handle = FileHandle(forWritingAtPath: file) else {
                throw PatchbayError.serverRejected("GET \(path)", status: 200, "cannot write \(file)")
            }
            defer { try? handle.close() }
            do {
                for try await buffer in response.body { try handle.write(contentsOf: Data(buffer.readableBytesView)) }
            } catch {
                throw PatchbayError.serverUnreachable(baseURL + path, "the transfer broke off: \(error)")
            }
            return
        }
        throw PatchbayError.serverRejected("GET \(path)", status: 401, "a fresh token was refused too")
    }

    private func currentToken() async throws -> String {
        if let cached = token.withLock({ $0 }) { return cached }
        guard let credentials else { return "" }
        let body: JSONValue = ["auth": [
            "identity": ["methods": ["password"], "password": ["user": [
                "name": .string(credentials.username), "password": .string(credentials.password),
                "domain": ["name": .string(credentials.userDomainName)]]]],
            "scope": ["project": ["name": .string(credentials.projectName),
                                  "domain": ["name": .string(credentials.projectDomainName)]]],
        ]]
        let reply = try await execute("POST", credentials.authURL + "/auth/tokens", body, headers: [:])
        guard reply.status == 201, let issued = reply.headers["x-subject-token"] else {
            throw PatchbayError.serverRejected(
                "authentication as \(credentials.username) at \(credentials.authURL)", status: reply.status,
                JSONWriter.string(reply.json) + " (check auth.username, auth.password and auth.project_name in the agent config)")
        }
        token.withLock { $0 = issued }
        return issued
    }

    private func execute(_ method: String, _ url: String, _ body: JSONValue?, headers: [String: String],
                         extraTime: TimeAmount = .zero) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: JSONWriter.bytes(body)))
        }
        do {
            let response = try await client.execute(request, timeout: timeout + extraTime)
            let buffer = try await response.body.collect(upTo: 64 * 1024 * 1024)
            let json = buffer.readableBytes == 0 ? JSONValue.null : (try? JSONParser.parse(Array(buffer.readableBytesView))) ?? .null
            var replyHeaders: [String: String] = [:]
            for header in response.headers { replyHeaders[header.name.lowercased()] = header.value }
            return Reply(status: Int(response.status.code), json: json, headers: replyHeaders)
        } catch let error as PatchbayError {
            throw error
        } catch {
            throw PatchbayError.serverUnreachable(url, "\(error)")
        }
    }
}
