import PatchbayAPI
import PatchbayCore
import PatchbayTesting
import Testing

/// The live server of one network/subnet API test; `restart()` swaps in the restarted server.
final class NetworkAPIServerBox: @unchecked Sendable {
    /// The server currently running.
    private(set) var server: TestServer
    /// The YAML the server runs with, reused on restart.
    let yaml: String

    init(server: TestServer, yaml: String) {
        self.server = server
        self.yaml = yaml
    }

    /// An admin client (the noauth default) for the current server.
    var client: APIClient { APIClient(baseURL: server.baseURL) }

    /// Stops the server and starts a new one on the same database file.
    func restart() async throws { server = try await server.restart(yaml: yaml) }
}

/// Runs `body` against a fresh server and always stops it, even when `body` throws.
func withRestartableNetworkAPIServer(yaml: String = ServerConfig.defaultYAML,
                          _ body: (NetworkAPIServerBox) async throws -> Void) async throws {
    let box = NetworkAPIServerBox(server: try await TestServer.start(yaml: yaml), yaml: yaml)
    do {
        try await body(box)
    } catch {
        try? await box.server.stop()
        throw error
    }
    try await box.server.stop()
}

/// Runs `body` with a fresh server and its admin client; the server is always stopped.
func withNetworkAPIServer(yaml: String = ServerConfig.defaultYAML,
                          _ body: (TestServer, APIClient) async throws -> Void) async throws {
    try await withRestartableNetworkAPIServer(yaml: yaml) { box in try await body(box.server, box.client) }
}

/// Request builders and assertions shared by the network, subnet and transaction suites.
enum NetworkAPISupport {
    static let v2 = "/network/v2.0"

    /// A server config whose VLAN and VXLAN ranges are tiny, so exhaustion is quick to reach.
    static let tinyRangesYAML = """
        ml2:
          project_network_types: vlan, vxlan
          network_vlan_ranges: ["physnet1:100:101"]
          vni_ranges: ["1000:1000"]
        """

    /// `POST /networks` that must succeed; returns the network object.
    static func createNetwork(_ client: APIClient, _ attributes: [String: JSONValue] = [:],
                              sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        let reply = try await client.post("\(v2)/networks", ["network": .object(attributes)])
        try #require(reply.status == 201, "create network: \(reply.status) \(reply.errorMessage ?? "")",
                     sourceLocation: sourceLocation)
        return try #require(reply.json["network"], sourceLocation: sourceLocation)
    }

    /// `POST /subnets` on `networkId` that must succeed; returns the subnet object.
    static func createSubnet(_ client: APIClient, network networkId: String, cidr: String, version: Int = 4,
                             _ extra: [String: JSONValue] = [:],
                             sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        let reply = try await client.post("\(v2)/subnets", ["subnet": .object(subnetBody(networkId, cidr, version, extra))])
        try #require(reply.status == 201, "create subnet: \(reply.status) \(reply.errorMessage ?? "")",
                     sourceLocation: sourceLocation)
        return try #require(reply.json["subnet"], sourceLocation: sourceLocation)
    }

    /// The attributes of a subnet create: network, version and cidr, plus `extra`.
    static func subnetBody(_ networkId: String, _ cidr: String, _ version: Int,
                           _ extra: [String: JSONValue]) -> [String: JSONValue] {
        var body: [String: JSONValue] = ["network_id": .string(networkId), "ip_version": .int(version), "cidr": .string(cidr)]
        body.merge(extra) { _, new in new }
        return body
    }

    /// `POST /ports` on `networkId` that must succeed; returns the port object.
    static func createPort(_ client: APIClient, network networkId: String, _ extra: [String: JSONValue] = [:],
                           sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        var body: [String: JSONValue] = ["network_id": .string(networkId)]
        body.merge(extra) { _, new in new }
        let reply = try await client.post("\(v2)/ports", ["port": .object(body)])
        try #require(reply.status == 201, "create port: \(reply.status) \(reply.errorMessage ?? "")",
                     sourceLocation: sourceLocation)
        return try #require(reply.json["port"], sourceLocation: sourceLocation)
    }

    /// The `id` of a resource object.
    static func id(_ resource: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try #require(resource["id"]?.stringValue, sourceLocation: sourceLocation)
    }

    /// A provider request for a network create.
    static func provider(_ type: String, physnet: String? = nil, segment: Int? = nil) -> [String: JSONValue] {
        var attributes: [String: JSONValue] = ["provider:network_type": .string(type)]
        if let physnet { attributes["provider:physical_network"] = .string(physnet) }
        if let segment { attributes["provider:segmentation_id"] = .int(segment) }
        return attributes
    }

    /// Whether `address` lies in `start...end` (allocation is random, as in Neutron, so tests
    /// check ranges rather than exact addresses).
    static func address(_ address: JSONValue?, isIn start: String, _ end: String) -> Bool {
        guard let text = address?.stringValue, let ip = IPAddress(text), let low = IPAddress(start), let high = IPAddress(end)
        else { return false }
        return low <= ip && ip <= high
    }

    /// The first fixed IP address of a port.
    static func firstAddress(_ port: JSONValue) -> JSONValue? {
        port["fixed_ips"]?.arrayValue?.first?["ip_address"]
    }

    /// The ids in a list response's collection.
    static func ids(_ reply: APIClient.Reply, _ collection: String) -> [String] {
        (reply.json[collection]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
    }

    /// Expects a NeutronError reply with this status and type whose non-empty message contains `fragment`.
    static func expectError(_ reply: APIClient.Reply, _ status: Int, _ type: String, _ fragment: String,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(reply.status == status, "status (\(reply.errorMessage ?? "no message"))", sourceLocation: sourceLocation)
        #expect(reply.errorType == type, sourceLocation: sourceLocation)
        let message = reply.errorMessage ?? ""
        #expect(!message.isEmpty && (fragment.isEmpty || message.contains(fragment)), "message: \(message)",
                sourceLocation: sourceLocation)
    }
}
