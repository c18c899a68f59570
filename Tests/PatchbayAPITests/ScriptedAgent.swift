import PatchbayCore
import PatchbayTesting

/// Plays a host's agent over real HTTP (as an admin): every pass it reads the host's desired
/// state, reports every port up, every wanted guest running (or stopped, when its power is
/// `shutoff`) with its reboot counter carried out and the ports its domain XML names attached,
/// and every retiring guest absent. The guests exist nowhere: this is the server's side of the
/// contract, exercised end to end.
struct ScriptedAgent {
    let client: APIClient
    let host: String
    /// Ports the guests still hold whatever their domain XML says (a detach the guest has not
    /// let go of yet).
    var holding: Set<String> = []

    /// One pass; returns how many retiring servers it reported absent.
    @discardableResult
    func pass() async throws -> Int {
        let reply = try await client.get("/patchbay/v1/hosts/\(host)/desired")
        guard reply.status == 200, let desired = reply.json["desired"] else { return 0 }
        let ports = desired["ports"]?.arrayValue ?? []
        let guests = desired["guests"]?.arrayValue ?? []
        let retiring = (desired["retiring"]?.arrayValue ?? []).compactMap(\.stringValue)
        if !ports.isEmpty {
            _ = try await client.post("/patchbay/v1/hosts/\(host)/devices", [
                "up": .array(ports.compactMap { $0["id"] }), "down": []])
        }
        var running: [JSONValue] = [], stopped: [JSONValue] = []
        var rebooted: [String: JSONValue] = [:], interfaces: [String: JSONValue] = [:]
        for guest in guests {
            guard let id = guest["server_id"]?.stringValue else { continue }
            if guest["power"] == "shutoff" { stopped.append(.string(id)) } else { running.append(.string(id)) }
            rebooted[id] = guest["reboot"]?["counter"] ?? 0
            let xml = guest["domain_xml"]?.stringValue ?? ""
            interfaces[id] = .array(ports.filter { port in
                guard port["device_id"]?.stringValue == id, let portId = port["id"]?.stringValue else { return false }
                return holding.contains(portId) || xml.contains("'\(port["mac_address"]?.stringValue ?? "?")'")
            }.compactMap { $0["id"] })
        }
        _ = try await client.post("/patchbay/v1/hosts/\(host)/guests", [
            "running": .array(running), "stopped": .array(stopped), "failed": [:],
            "absent": .array(retiring.map(JSONValue.string)), "rebooted": .object(rebooted), "interfaces": .object(interfaces)])
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
