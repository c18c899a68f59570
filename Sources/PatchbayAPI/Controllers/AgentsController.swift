import PatchbayCore

/// `/v2.0/agents` (admin only) and Patchbay's agent report endpoint.
struct AgentsController {
    let service: NetworkService

    func list(_ request: APIRequest) async throws -> APIResponse {
        let items = try await service.agents(caller: request.caller).map { AgentWire.attributes($0, alive: service.isAlive($0)) }
        return try ListRenderer.list("agents", items, schema: AgentWire.query, request: request, hidden: [])
    }

    func show(_ request: APIRequest) async throws -> APIResponse {
        let agent = try await service.agent(request.parameter("id"), caller: request.caller)
        return ListRenderer.show("agent", AgentWire.attributes(agent, alive: service.isAlive(agent)), request: request, hidden: [])
    }

    func update(_ request: APIRequest) async throws -> APIResponse {
        let body = try ResourceBody.parse(try request.requireBody(), member: "agent", collection: nil,
                                          rules: AgentWire.rules, isCreate: false)[0]
        let agent = try await service.updateAgent(request.parameter("id"), adminStateUp: try body.bool("admin_state_up"),
                                                  description: try body.string("description"), caller: request.caller)
        return ListRenderer.show("agent", AgentWire.attributes(agent, alive: service.isAlive(agent)), request: request, hidden: [])
    }

    func delete(_ request: APIRequest) async throws -> APIResponse {
        try await service.deleteAgent(request.parameter("id"), caller: request.caller)
        return .noContent
    }

    /// `POST /patchbay/v1/agents/report`: registration and heartbeat in one call.
    func report(_ request: APIRequest) async throws -> APIResponse {
        let agent = try await service.report(try AgentWire.report(try request.requireBody()), caller: request.caller)
        return .ok(["agent": .object(AgentWire.attributes(agent, alive: true))])
    }

    /// `POST /patchbay/v1/hosts/{host}/devices`: `{"up": [port ids], "down": [port ids], "reasons":
    /// {port id: why it cannot be wired}}` from the host's agent (`reasons` optional, logged).
    func devices(_ request: APIRequest) async throws -> APIResponse {
        let host = try AgentInput.hostName(request.parameter("host"), field: "host")
        try HostPolicy.requireHost(request.caller, host, action: "update_port:status")
        let body = try request.requireBody()
        let up = try AgentInput.ids(body["up"], field: "up", kind: "port ids")
        let down = try AgentInput.ids(body["down"], field: "down", kind: "port ids")
        var reasons: [String: String] = [:]
        if let value = body["reasons"], !value.isNull {
            guard let map = value.objectValue, map.values.allSatisfy({ $0.stringValue != nil }) else {
                throw PatchbayError.invalidInput("'reasons' must map port ids to text")
            }
            reasons = map.compactMapValues(\.stringValue)
        }
        let result = try await service.reportDevices(host: host, up: up, down: down, caller: request.caller)
        service.logUnwiredPorts(host: host, reasons: reasons)
        return .ok(["updated": .array(result.updated.map(JSONValue.string)),
                    "failed": .object(result.failed.mapValues(JSONValue.string))])
    }
}
