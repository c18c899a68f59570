import PatchbayCore

/// The endpoints a host's agent talks to besides inventory: its registration and heartbeat, the
/// desired state of its host, and its guest reports.
struct HostAgentController {
    let agents: AgentsController
    let compute: ComputeService
    let changes: ChangeFeed

    /// `POST /patchbay/v1/agents/report`: registers or heartbeats the agent, and keeps its host
    /// alive for the scheduler (inventory itself is only sent when it changes).
    func report(_ request: APIRequest) async throws -> APIResponse {
        let response = try await agents.report(request)
        if let host = response.body?["agent"]?["host"]?.stringValue { compute.heartbeat(host: host) }
        return response
    }

    /// `GET /patchbay/v1/hosts/{host}/desired[?wait=SECONDS]`: `{"desired": {...}}` with an `ETag`
    /// naming the host's revision; a request whose `If-None-Match` carries it gets `304 Not
    /// Modified` and no body, at the cost of one indexed read. With `wait` (0 to 60), an
    /// unchanged state is not answered at once: the request waits for a commit that moves this
    /// host's revision (answered at once, 200) or for `wait` seconds (304). Commits that touch
    /// other hosts wake nothing here.
    func desired(_ request: APIRequest) async throws -> APIResponse {
        let host = try AgentInput.hostName(request.parameter("host"), field: "host")
        let wait = try Self.wait(request)
        let known = request.headers["if-none-match"]
        let deadline = ContinuousClock.now + .seconds(wait)
        while true {
            let seen = changes.generation(of: host)
            // The revision is read before the state, so a state is never older than its tag.
            var tag = try await compute.desiredRevision(host: host, caller: request.caller).map { "\"r\($0)\"" }
            if tag == nil || tag != known {
                let state = try await compute.desiredState(host: host, caller: request.caller)
                let current = tag ?? "\"\(state.revision)\""
                tag = current
                if current != known {
                    return APIResponse(status: 200, body: ["desired": state.json], headers: [("ETag", current)])
                }
            }
            let unchanged = APIResponse(status: 304, headers: [("ETag", tag ?? "")])
            let left = deadline - ContinuousClock.now
            guard left > .zero, !Task.isCancelled else { return unchanged }
            await changes.wait(host: host, after: seen, timeout: left)
            if changes.generation(of: host) == seen { return unchanged }
        }
    }

    /// The `wait` query parameter in seconds: 0 when absent; 400 unless a whole number 0…60.
    static func wait(_ request: APIRequest) throws -> Int {
        guard let text = request.query.last(where: { $0.name == "wait" })?.value else { return 0 }
        guard let seconds = Int(text), (0...60).contains(seconds) else {
            throw PatchbayError.invalidInput("'wait' must be a whole number of seconds from 0 to 60, not '\(text)'")
        }
        return seconds
    }

    /// `POST /patchbay/v1/hosts/{host}/guests` with `{"running": [server ids], "failed": {server id: reason},
    /// "absent": [server ids], "stopped": [server ids], "rebooted": {server id: counter},
    /// "interfaces": {server id: [port ids]}}` (`absent`: retiring servers of which no domain is
    /// left; `stopped`: domains defined but shut off; `rebooted`: the last reboot counter carried
    /// out; `interfaces`: the ports each defined domain has attached now). Ids must be UUIDs;
    /// those of servers that are not on this host are ignored.
    func guests(_ request: APIRequest) async throws -> APIResponse {
        let host = try AgentInput.hostName(request.parameter("host"), field: "host")
        try compute.requireHost(request.caller, host)
        let body = try request.requireBody()
        var report = GuestReport(running: Set(try AgentInput.ids(body["running"], field: "running", kind: "server ids")),
                                 failed: try AgentInput.reasons(body["failed"], field: "failed"),
                                 absent: Set(try AgentInput.ids(body["absent"], field: "absent", kind: "server ids")))
        report.stopped = try Self.ids(body["stopped"], "stopped")
        if let object = body["rebooted"], !object.isNull {
            guard let map = object.objectValue else { throw PatchbayError.invalidInput("'rebooted' must map server ids to counters") }
            for (id, counter) in map {
                guard let value = counter.intValue, value >= 0 else { throw PatchbayError.invalidInput("rebooted.\(id) must be a counter of 0 or more") }
                report.rebooted[id] = value
            }
        }
        if let object = body["interfaces"], !object.isNull {
            guard let map = object.objectValue else { throw PatchbayError.invalidInput("'interfaces' must map server ids to port ids") }
            for (id, ports) in map { report.interfaces[id] = try Self.ids(ports, "interfaces.\(id)") }
        }
        let changed = try await compute.reportGuests(host: host, report, caller: request.caller)
        return .ok(["changed": .array(changed.map(JSONValue.string))])
    }

    /// A list of ids (absent or null: none); throws naming `field` otherwise.
    private static func ids(_ value: JSONValue?, _ field: String) throws -> Set<String> {
        guard let value, !value.isNull else { return [] }
        guard let items = value.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
            throw PatchbayError.invalidInput("'\(field)' must be a list of ids")
        }
        return Set(items.compactMap(\.stringValue))
    }

    /// `PUT /patchbay/v1/hosts/{host}/servers/{id}/console` with `{"output": text}`: the tail of
    /// a guest's console log, kept for `os-getConsoleOutput`; 204.
    func console(_ request: APIRequest) async throws -> APIResponse {
        let host = try AgentInput.hostName(request.parameter("host"), field: "host")
        guard let output = try request.requireBody()["output"]?.stringValue else {
            throw PatchbayError.invalidInput("'output' must be a string")
        }
        try await compute.reportConsole(host: host, serverId: request.parameter("id"), output: output, caller: request.caller)
        return APIResponse(status: 204)
    }
}
