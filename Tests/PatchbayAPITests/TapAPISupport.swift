import Foundation
import Logging
import PatchbayCore
import PatchbayPostgres
import PatchbayStore
import PatchbayTesting
import Testing

/// Request builders and store checks shared by the TaaS suites.
enum TapAPI {
    static let taas = "/network/v2.0/taas"

    /// `POST /taas/tap_services` that must succeed; returns the service object.
    static func service(_ client: APIClient, port: String, _ extra: [String: JSONValue] = [:],
                        sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        var body: [String: JSONValue] = ["port_id": .string(port)]
        body.merge(extra) { _, new in new }
        let reply = try await client.post("\(taas)/tap_services", ["tap_service": .object(body)])
        try #require(reply.status == 201, "create tap service: \(reply.status) \(reply.json)", sourceLocation: sourceLocation)
        return try #require(reply.json["tap_service"], sourceLocation: sourceLocation)
    }

    /// `POST /taas/tap_flows` that must succeed; returns the flow object.
    static func flow(_ client: APIClient, service: String, source: String, _ direction: String = "BOTH",
                     _ extra: [String: JSONValue] = [:], sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        let reply = try await client.post("\(taas)/tap_flows", ["tap_flow": .object(flowBody(service, source, direction, extra))])
        try #require(reply.status == 201, "create tap flow: \(reply.status) \(reply.json)", sourceLocation: sourceLocation)
        return try #require(reply.json["tap_flow"], sourceLocation: sourceLocation)
    }

    static func flowBody(_ service: String, _ source: String, _ direction: String,
                         _ extra: [String: JSONValue] = [:]) -> [String: JSONValue] {
        var body: [String: JSONValue] = ["tap_service_id": .string(service), "source_port": .string(source),
                                         "direction": .string(direction)]
        body.merge(extra) { _, new in new }
        return body
    }

    /// A network with a subnet and `count` ports on it, created by `client`; returns the port ids.
    static func ports(_ client: APIClient, count: Int, cidr: String = "10.20.0.0/24",
                      sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String] {
        let network = try NetworkAPISupport.id(try await NetworkAPISupport.createNetwork(client, ["name": "tap-net"]))
        _ = try await NetworkAPISupport.createSubnet(client, network: network, cidr: cidr)
        var ids: [String] = []
        for _ in 0..<count {
            ids.append(try NetworkAPISupport.id(try await NetworkAPISupport.createPort(client, network: network)))
        }
        return ids
    }

    /// The ids of the tap service and tap flow rows in the server's store, read directly.
    static func storeRows(_ server: TestServer) async throws -> (services: Set<String>, flows: Set<String>) {
        let store = try await DatabaseOpener.open(server.databasePath, logger: Logger(label: "tap-audit"))
        do {
            let rows = try await store.withSession { db in
                let services = try await db.raw("SELECT id FROM tap_services").all().map { try $0.decode(column: "id", as: String.self) }
                let flows = try await db.raw("SELECT id FROM tap_flows").all().map { try $0.decode(column: "id", as: String.self) }
                return (Set(services), Set(flows))
            }
            try await store.close()
            return rows
        } catch {
            try? await store.close()
            throw error
        }
    }
}
