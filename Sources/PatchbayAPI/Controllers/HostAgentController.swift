import PatchbayCore

/// The endpoints a host's agent talks to besides inventory: its registration and heartbeat, the
/// desired state of its host, and its guest reports.
struct HostAgentController {
    let agents: AgentsController
    let compute: ComputeService

    /// `POST /patchbay/v1/agents/report`: registers or heartbeats the agent, and keeps its host
    /// alive for the scheduler (inventory itself is only sent when it changes).
    func report(_ request: APIRequest) async throws -> APIResponse {
        let response = try await agents.report(request)
        if let host = response.body?["agent"]?["host"]?.stringValue { compute.heartbeat(host: host) }
        return response
    }

    /// `GET /patchbay/v1/hosts/{host}/desired`: `{"desired": {...}}` with an `ETag`; a request whose
    /// `If-None-Match` carries the current tag gets `304 Not Modified` and no body.
    func desired(_ request: APIRequest) async throws -> APIResponse {
        let state = try await compute.desiredState(host: request.parameter("host"), caller: request.caller)
        let tag = "\"\(state.revision)\""
        if request.headers["if-none-match"] == tag { return APIResponse(status: 304, headers: [("ETag", tag)]) }
        return APIResponse(status: 200, body: ["desired": state.json], headers: [("ETag", tag)])
    }

    /// `POST /patchbay/v1/hosts/{host}/guests` with `{"running": [server ids], "failed": {server id: reason},
    /// "absent": [server ids]}` (`absent`: retiring servers of which no domain is left).
    func guests(_ request: APIRequest) async throws -> APIResponse {
        let body = try request.requireBody()
        guard let running = (body["running"] ?? .array([])).arrayValue,
              running.allSatisfy({ $0.stringValue != nil }) else {
            throw PatchbayError.invalidInput("'running' must be a list of server ids")
        }
        var failed: [String: String] = [:]
        if let object = body["failed"], !object.isNull {
            guard let map = object.objectValue else { throw PatchbayError.invalidInput("'failed' must map server ids to reasons") }
            for (id, reason) in map {
                guard let text = reason.stringValue else { throw PatchbayError.invalidInput("failed.\(id) must be a string") }
                failed[id] = text
            }
        }
        guard let absent = (body["absent"] ?? .array([])).arrayValue, absent.allSatisfy({ $0.stringValue != nil }) else {
            throw PatchbayError.invalidInput("'absent' must be a list of server ids")
        }
        let report = GuestReport(running: Set(running.compactMap(\.stringValue)), failed: failed,
                                 absent: Set(absent.compactMap(\.stringValue)))
        let changed = try await compute.reportGuests(host: request.parameter("host"), report, caller: request.caller)
        return .ok(["changed": .array(changed.map(JSONValue.string))])
    }
}
