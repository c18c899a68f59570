import AsyncHTTPClient
import Foundation
import NIOCore

/// The login benchmark's HTTP side: one keep-alive connection for the timed writes and a pool
/// with a connection per flood client, so writes never queue behind the flood in the client.
struct LoginProbe: Sendable {
    let base: String
    let writer: HTTPClient
    let flooder: HTTPClient

    init(base: String, clients: Int) {
        self.base = base
        writer = HTTPClient(eventLoopGroupProvider: .singleton)
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: clients)
        flooder = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    func shutdown() async throws {
        try await writer.shutdown()
        try await flooder.shutdown()
    }

    static func loginBody(password: String) -> String {
        #"{"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin", "domain": {"id": "default"}, "password": "\#(password)"}}}, "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}}"#
    }

    /// A token for admin.
    func login(password: String) async throws -> String {
        let (status, subjectToken) = try await post(writer, "/identity/v3/auth/tokens", Self.loginBody(password: password), token: nil)
        guard status == 201, let token = subjectToken else { throw LoginBenchError("admin login answered \(status)") }
        return token
    }

    /// One timed network create; milliseconds.
    func createNetwork(_ name: String, token: String) async throws -> Double {
        let began = ContinuousClock.now
        let (status, _) = try await post(writer, "/network/v2.0/networks", #"{"network": {"name": "\#(name)"}}"#, token: token)
        guard status == 201 else { throw LoginBenchError("POST /network/v2.0/networks answered \(status)") }
        return began.duration(to: .now).milliseconds
    }

    /// Wrong passwords back to back until the deadline or the tally's cap.
    func flood(until deadline: ContinuousClock.Instant, tally: FloodTally) async throws {
        let body = Self.loginBody(password: "wrong-\(UUID().uuidString)")
        while ContinuousClock.now < deadline, tally.claim() {
            tally.record(try await post(flooder, "/identity/v3/auth/tokens", body, token: nil).status)
        }
    }

    private func post(_ client: HTTPClient, _ path: String, _ body: String, token: String?) async throws -> (status: Int, subjectToken: String?) {
        var request = HTTPClientRequest(url: base + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let token { request.headers.add(name: "X-Auth-Token", value: token) }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await client.execute(request, timeout: .seconds(60))
        _ = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), response.headers.first(name: "X-Subject-Token"))
    }
}

/// A login benchmark step that went wrong.
struct LoginBenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
