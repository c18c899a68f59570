import PatchbayCore

/// Agents on the wire: the Neutron agent dictionary and Patchbay's report body.
enum AgentWire {
    static let rules = AttributeRules(
        known: ["id", "agent_type", "binary", "topic", "host", "admin_state_up", "created_at", "started_at",
                "heartbeat_timestamp", "alive", "configurations", "description", "availability_zone", "resources_synced"],
        post: [], put: ["admin_state_up", "description"], required: [])

    static let query = QuerySchema(
        filterable: ["id", "agent_type", "binary", "topic", "host", "admin_state_up", "alive", "description", "availability_zone"],
        sortable: ["id", "agent_type", "binary", "topic", "host", "admin_state_up", "alive", "created_at", "heartbeat_timestamp"],
        subFilterable: [], supportsTags: false)

    /// Neutron prints agent times as `YYYY-MM-DD HH:MM:SS`.
    static func time(_ seconds: Int64) -> JSONValue {
        .string(Timestamp.iso8601(seconds).replacingFirst("T", with: " ").dropLast().description)
    }

    static func attributes(_ agent: AgentRecord, alive: Bool) -> [String: JSONValue] {
        let configurations = agent.extraConfigurations.merging(agent.mappings.configurations) { _, mapping in mapping }
        return [
            "id": .string(agent.id), "agent_type": .string(agent.agentType.rawValue), "binary": .string(agent.binary),
            "topic": .string(agent.topic), "host": .string(agent.host), "admin_state_up": .bool(agent.adminStateUp),
            "created_at": time(agent.createdAt), "started_at": time(agent.startedAt),
            "heartbeat_timestamp": time(agent.heartbeatAt), "alive": .bool(alive), "configurations": .object(configurations),
            "description": .string(agent.description),
            "availability_zone": agent.availabilityZone.map(JSONValue.string) ?? .null, "resources_synced": .null,
        ]
    }

    /// Parses `{"agent": {agent_type, host, binary, topic, availability_zone, configurations, start_flag}}`;
    /// every field is checked (see `AgentInput`) and a bad one is a 400 naming it.
    static func report(_ body: JSONValue) throws -> AgentReport {
        guard let agent = body["agent"]?.objectValue else {
            throw PatchbayError.badRequest("Unable to find 'agent' in request body", code: "request.missing_resource")
        }
        guard let typeName = agent["agent_type"]?.stringValue, let type = AgentType(rawValue: typeName) else {
            throw PatchbayError.invalidInput("agent_type must be one of \(AgentType.allCases.map(\.rawValue))")
        }
        let host = try AgentInput.hostName(try AgentInput.text(agent["host"], field: "agent.host"), field: "agent.host")
        let binary = try AgentInput.name(try AgentInput.text(agent["binary"], field: "agent.binary") ?? "patchbay-agent",
                                         field: "agent.binary")
        let topic = try AgentInput.printable(try AgentInput.text(agent["topic"], field: "agent.topic") ?? "N/A", field: "agent.topic")
        let zone = try AgentInput.text(agent["availability_zone"], field: "agent.availability_zone")
            .map { try AgentInput.printable($0, field: "agent.availability_zone") }
        var startFlag = false
        if let flag = agent["start_flag"], !flag.isNull {
            guard let value = flag.boolValue else { throw PatchbayError.invalidInput("agent.start_flag must be a boolean") }
            startFlag = value
        }
        var configurations: [String: JSONValue] = [:]
        if let value = agent["configurations"], !value.isNull {
            guard let object = value.objectValue else { throw PatchbayError.invalidInput("agent.configurations must be an object") }
            configurations = object
        }
        let mappings = try AgentInput.mappings(&configurations)
        return AgentReport(agentType: type, host: host, binary: binary, topic: topic, availabilityZone: zone, mappings: mappings,
                           extra: try AgentInput.extraConfigurations(configurations), startFlag: startFlag)
    }
}

extension String {
    /// The string with the first occurrence of `target` replaced.
    func replacingFirst(_ target: Character, with replacement: String) -> String {
        guard let index = firstIndex(of: target) else { return self }
        return String(self[..<index]) + replacement + String(self[self.index(after: index)...])
    }
}
