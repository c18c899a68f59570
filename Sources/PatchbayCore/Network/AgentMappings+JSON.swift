extension AgentMappings {
    /// The mappings as the keys of a Neutron agent's `configurations`: `device_mappings`,
    /// `interface_mappings`, `bridge_mappings` and `exclude_devices`.
    public var configurations: [String: JSONValue] {
        [
            "device_mappings": .object(deviceMappings.mapValues { .array($0.map(JSONValue.string)) }),
            "interface_mappings": .object(interfaceMappings.mapValues(JSONValue.string)),
            "bridge_mappings": .object(bridgeMappings.mapValues(JSONValue.string)),
            "exclude_devices": .object(excludeDevices.mapValues { .array($0.map(JSONValue.string)) }),
        ]
    }
}
