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
        let host = try AgentInput.hostName(request.parameter("host"), field: "host")
        let state = try await compute.desiredState(host: host, caller: request.caller)
        let tag = "\"\(state.revision)\""
        if request.headers["if-none-match"] == tag { return APIResponse(status: 304, headers: [("ETag", tag)]) }
        return APIResponse(status: 200, body: ["desired": state.json], headers: [("ETag", tag)])
    }

    /// `POST /patchbay/v1/hosts/{host}/guests` with `{"running": [server ids], "failed": {server id: reason},
    /// "absent": [server ids]}` (`absent`: retiring servers of which no domain is left). Ids must be
    /// UUIDs; those of servers that are not on this host are ignored.
    func guests(_ request: APIRequest) async throws -> APIResponse {
        let host = try AgentInput.hostName(request.parameter("host"), field: "host")
        try compute.requireHost(request.caller, host)
        let body = try request.requireBody()
        let report = GuestReport(running: Set(try AgentInput.ids(body["running"], field: "running", kind: "server ids")),
                                 failed: try AgentInput.reasons(body["failed"], field: "failed"),
                                 absent: Set(try AgentInput.ids(body["absent"], field: "absent", kind: "server ids")))
        let changed = try await compute.reportGuests(host: host, report, caller: request.caller)
        return .ok(["changed": .array(changed.map(JSONValue.string))])
    }
}
