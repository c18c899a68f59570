import PatchbayCore
import PatchbayTesting

/// Plays a host's agent over real HTTP (as an admin): every pass it reads the host's desired
/// state, reports every port up, every wanted guest running and every retiring guest absent.
/// The guests exist nowhere: this is the server's side of the contract, exercised end to end.
struct ScriptedAgent {
    let client: APIClient
    let host: String

    /// One pass; returns how many retiring servers it reported absent.
    @discardableResult
    func pass() async throws -> Int {
        let reply = try await client.get("/patchbay/v1/hosts/\(host)/desired")
        guard reply.status == 200, let desired = reply.json["desired"] else { return 0 }
        let ports = (desired["ports"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
        let guests = (desired["guests"]?.arrayValue ?? []).compactMap { $0["server_id"]?.stringValue }
        let retiring = (desired["retiring"]?.arrayValue ?? []).compactMap(\.stringValue)
        if !ports.isEmpty {
            _ = try await client.post("/patchbay/v1/hosts/\(host)/devices", ["up": .array(ports.map(JSONValue.string)), "down": []])
        }
        _ = try await client.post("/patchbay/v1/hosts/\(host)/guests", [
            "running": .array(guests.map(JSONValue.string)), "failed": [:], "absent": .array(retiring.map(JSONValue.string))])
        return retiring.count
    }

    /// Runs passes until server `id` is ACTIVE (at most 100, 20 ms apart).
    func driveUntilActive(_ id: String) async throws {
        for _ in 0..<100 where try await client.get("/compute/v2.1/servers/\(id)").json["server"]?["status"] != "ACTIVE" {
            try await pass()
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Runs passes every 20 ms until the task is cancelled.
    func start() -> Task<Void, Never> {
        Task {
            while !Task.isCancelled {
                _ = try? await pass()
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
    }
}
