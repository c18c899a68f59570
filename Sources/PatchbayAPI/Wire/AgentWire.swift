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

    /// Parses `{"agent": {agent_type, host, binary, configurations, start_flag}}`.
    static func report(_ body: JSONValue) throws -> AgentReport {
        guard let agent = body["agent"]?.objectValue else {
            throw PatchbayError.badRequest("Unable to find 'agent' in request body", code: "request.missing_resource")
        }
        guard let typeName = agent["agent_type"]?.stringValue, let type = AgentType(rawValue: typeName) else {
            throw PatchbayError.invalidInput("agent_type must be one of \(AgentType.allCases.map(\.rawValue))")
        }
        guard let host = agent["host"]?.stringValue, !host.isEmpty else { throw PatchbayError.invalidInput("host is required") }
        var configurations = agent["configurations"]?.objectValue ?? [:]
        func take<T>(_ key: String, _ convert: (JSONValue) -> T?) throws -> T? {
            guard let value = configurations.removeValue(forKey: key) else { return nil }
            guard let converted = convert(value) else { throw PatchbayError.invalidInput("configurations.\(key) is malformed") }
            return converted
        }
        let mappings = AgentMappings(
            deviceMappings: try take("device_mappings", stringLists) ?? [:],
            interfaceMappings: try take("interface_mappings", stringMap) ?? [:],
            bridgeMappings: try take("bridge_mappings", stringMap) ?? [:],
            excludeDevices: try take("exclude_devices", stringLists) ?? [:])
        return AgentReport(agentType: type, host: host, binary: agent["binary"]?.stringValue ?? "patchbay-agent",
                           topic: agent["topic"]?.stringValue ?? "N/A", availabilityZone: agent["availability_zone"]?.stringValue,
                           mappings: mappings, extra: configurations, startFlag: agent["start_flag"]?.boolValue ?? false)
    }

    private static func stringMap(_ value: JSONValue) -> [String: String]? {
        guard let object = value.objectValue else { return nil }
        var map: [String: String] = [:]
        for (key, item) in object {
            guard let text = item.stringValue else { return nil }
            map[key] = text
        }
        return map
    }

    private static func stringLists(_ value: JSONValue) -> [String: [String]]? {
        guard let object = value.objectValue else { return nil }
        var map: [String: [String]] = [:]
        for (key, item) in object {
            if let text = item.stringValue { map[key] = [text]; continue }
            guard let list = item.arrayValue?.compactMap(\.stringValue), list.count == item.arrayValue?.count else { return nil }
            map[key] = list
        }
        return map
    }
}

extension String {
    /// The string with the first occurrence of `target` replaced.
    func replacingFirst(_ target: Character, with replacement: String) -> String {
        guard let index = firstIndex(of: target) else { return self }
        return String(self[..<index]) + replacement + String(self[self.index(after: index)...])
    }
}
