import PatchbayCore
import PatchbayTesting

/// Runs `body` against a token-mode server that is always stopped afterwards.
func withTokenServer(_ body: (TestServer, KeystoneClient) async throws -> Void) async throws {
    let server = try await TestServer.start(tokens: true)
    do {
        try await body(server, KeystoneClient(baseURL: server.baseURL))
    } catch {
        try? await server.stop()
        throw error
    }
    try await server.stop()
}
