import PatchbayAPI
import PatchbayCore
import PatchbayTesting
import Testing

/// Shared helpers for the port, binding, agent, tag and list-query API suites.
enum PortAPI {
    static let v2 = "/network/v2.0"

    /// Runs `body` against a fresh server and always stops it, even when `body` throws.
    static func withServer(yaml: String = ServerConfig.defaultYAML,
                           _ body: (TestServer, APIClient) async throws -> Void) async throws {
        let server = try await TestServer.start(yaml: yaml)
        let client = APIClient(baseURL: server.baseURL)
        do {
            try await body(server, client)
        } catch {
            try? await server.stop()
            throw error
        }
        try await server.stop()
    }

    /// A config with these VLAN ranges and port profiles; every other setting takes the built-in default.
    static func yaml(vlanRanges: String = "physnet1:100:199", portProfiles: String = "[]") -> String {
        """
        ml2:
          project_network_types: vlan, vxlan
          network_vlan_ranges: ["\(vlanRanges)"]
          vni_ranges: ["1000:1999"]
        port_profiles: \(portProfiles)
        """
    }

    // MARK: Resources

    /// Creates a network (201 required) and returns its attributes.
    static func network(_ client: APIClient, _ attributes: [String: JSONValue] = [:],
                        sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        let reply = try await client.post("\(v2)/networks", ["network": .object(attributes)])
        #expect(reply.status == 201, "network create: \(reply.json)", sourceLocation: sourceLocation)
        return try #require(reply.json["network"], sourceLocation: sourceLocation)
    }

    /// Creates a subnet on `network` (201 required) and returns its attributes.
    static func subnet(_ client: APIClient, network: String, cidr: String = "10.0.0.0/24", version: Int = 4,
                       _ extra: [String: JSONValue] = [:],
                       sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        var attributes = extra
        attributes["network_id"] = .string(network)
        attributes["cidr"] = .string(cidr)
        attributes["ip_version"] = .int(version)
        let reply = try await client.post("\(v2)/subnets", ["subnet": .object(attributes)])
        #expect(reply.status == 201, "subnet create: \(reply.json)", sourceLocation: sourceLocation)
        return try #require(reply.json["subnet"], sourceLocation: sourceLocation)
    }

    /// Creates a network with one v4 subnet; returns (network id, subnet id).
    static func networkWithSubnet(_ client: APIClient, cidr: String = "10.0.0.0/24",
                                  _ attributes: [String: JSONValue] = [:],
                                  sourceLocation: SourceLocation = #_sourceLocation) async throws -> (String, String) {
        let network = try #require(try await network(client, attributes, sourceLocation: sourceLocation)["id"]?.stringValue)
        let subnet = try #require(try await subnet(client, network: network, cidr: cidr, sourceLocation: sourceLocation)["id"]?.stringValue)
        return (network, subnet)
    }

    /// POSTs a port; the raw reply, for failure tests.
    static func postPort(_ client: APIClient, network: String, _ extra: [String: JSONValue] = [:]) async throws -> APIClient.Reply {
        var attributes = extra
        attributes["network_id"] = .string(network)
        return try await client.post("\(v2)/ports", ["port": .object(attributes)])
    }

    /// Creates a port (201 required) and returns its attributes.
    static func port(_ client: APIClient, network: String, _ extra: [String: JSONValue] = [:],
                     sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        let reply = try await postPort(client, network: network, extra)
        #expect(reply.status == 201, "port create: \(reply.json)", sourceLocation: sourceLocation)
        return try #require(reply.json["port"], sourceLocation: sourceLocation)
    }

    /// PUTs `{"port": attributes}`; the raw reply.
    static func updatePort(_ client: APIClient, _ id: String, _ attributes: [String: JSONValue]) async throws -> APIClient.Reply {
        try await client.put("\(v2)/ports/\(id)", ["port": .object(attributes)])
    }

    /// GETs a port (200 required) and returns its attributes.
    static func showPort(_ client: APIClient, _ id: String,
                         sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        let reply = try await client.get("\(v2)/ports/\(id)")
        #expect(reply.status == 200, "port show: \(reply.json)", sourceLocation: sourceLocation)
        return try #require(reply.json["port"], sourceLocation: sourceLocation)
    }

    // MARK: Agents

    /// Reports an agent (200 required) and returns its attributes.
    @discardableResult
    static func reportAgent(_ client: APIClient, type: String, host: String = "compute1",
                            devices: [String: JSONValue] = [:], interfaces: [String: JSONValue] = [:],
                            bridges: [String: JSONValue] = [:],
                            sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        let reply = try await client.post("/patchbay/v1/agents/report", ["agent": [
            "agent_type": .string(type), "host": .string(host),
            "configurations": ["device_mappings": .object(devices), "interface_mappings": .object(interfaces),
                               "bridge_mappings": .object(bridges)],
        ]])
        #expect(reply.status == 200, "agent report: \(reply.json)", sourceLocation: sourceLocation)
        return try #require(reply.json["agent"], sourceLocation: sourceLocation)
    }

    /// Registers a NIC Switch agent on `host` mapping `physnet` to `ens1f0`.
    @discardableResult
    static func sriovAgent(_ client: APIClient, host: String = "compute1", physnet: String = "physnet1") async throws -> JSONValue {
        try await reportAgent(client, type: "NIC Switch agent", host: host, devices: [physnet: ["ens1f0"]])
    }

    // MARK: JSON

    /// The string values of a list attribute.
    static func strings(_ value: JSONValue?) -> [String] {
        value?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// The ids in a list reply's collection, in order.
    static func ids(_ reply: APIClient.Reply, _ collection: String = "ports") -> [String] {
        reply.json[collection]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
    }

    /// Whether `address` is `prefix` followed by a last octet in `range` (e.g. "10.0.0.", 2...254).
    static func inPool(_ address: String, _ prefix: String, _ range: ClosedRange<Int>) -> Bool {
        address.hasPrefix(prefix) && Int(address.dropFirst(prefix.count)).map(range.contains) == true
    }

    /// The first fixed IP address of a port.
    static func firstIP(_ port: JSONValue) -> String? {
        port["fixed_ips"]?.arrayValue?.first?["ip_address"]?.stringValue
    }
}

