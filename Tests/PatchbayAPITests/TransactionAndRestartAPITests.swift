import Logging
import PatchbayCore
import PatchbayStore
import PatchbayTesting
import Testing

/// Bulk creates are all-or-nothing, and everything survives server restarts unchanged.
@Suite struct TransactionAndRestartAPITests {
    typealias S = NetworkAPISupport

    @Test("A bulk network create answers 201 with every network under the collection key")
    func bulkNetworks() async throws {
        try await withNetworkAPIServer { _, client in
            let reply = try await client.post("\(S.v2)/networks", ["networks": [["name": "a"], ["name": "b", "mtu": 1400]]])
            #expect(reply.status == 201)
            #expect(reply.json["network"] == nil)
            let created = try #require(reply.json["networks"]?.arrayValue)
            #expect(created.map { $0["name"] } == ["a", "b"])
            #expect(created.map { $0["mtu"] } == [1500, 1400])
            let vlans = created.compactMap { $0["provider:segmentation_id"]?.intValue }
            #expect(Set(vlans).count == 2, "two networks share a VLAN: \(vlans)")
            #expect(Set(S.ids(try await client.get("\(S.v2)/networks"), "networks")) == Set(created.map { $0["id"]?.stringValue ?? "" }))
        }
    }

    @Test("A bulk port create answers 201 with distinct MACs and addresses")
    func bulkPorts() async throws {
        try await withNetworkAPIServer { _, client in
            let networkId = try S.id(try await S.createNetwork(client))
            _ = try await S.createSubnet(client, network: networkId, cidr: "10.0.0.0/24")
            let item: JSONValue = ["network_id": .string(networkId)]
            let reply = try await client.post("\(S.v2)/ports", ["ports": [item, item, item]])
            #expect(reply.status == 201)
            let ports = try #require(reply.json["ports"]?.arrayValue)
            let addresses = ports.compactMap { S.firstAddress($0) }
            #expect(addresses.count == 3)
            #expect(Set(addresses).count == 3, "two ports share an address: \(addresses)")
            #expect(addresses.allSatisfy { S.address($0, isIn: "10.0.0.2", "10.0.0.254") })
            #expect(Set(ports.compactMap { $0["mac_address"]?.stringValue }).count == 3)
            #expect(S.ids(try await client.get("\(S.v2)/ports"), "ports").count == 3)
        }
    }

    @Test("A bulk network whose second item wants a taken VLAN fails whole and frees the first VLAN")
    func bulkNetworkRollback_Fails() async throws {
        try await withNetworkAPIServer { _, client in
            let existing = try S.id(try await S.createNetwork(client, S.provider("vlan", physnet: "physnet1", segment: 150)))
            let reply = try await client.post("\(S.v2)/networks", ["networks": [
                .object(S.provider("vlan", physnet: "physnet1", segment: 160).merging(["name": "first"]) { $1 }),
                .object(S.provider("vlan", physnet: "physnet1", segment: 150).merging(["name": "second"]) { $1 }),
            ]])
            S.expectError(reply, 409, "VlanIdInUse", "The VLAN 150 on physical network physnet1 is in use")
            #expect(S.ids(try await client.get("\(S.v2)/networks"), "networks") == [existing])
            let reused = try await S.createNetwork(client, S.provider("vlan", physnet: "physnet1", segment: 160))
            #expect(reused["provider:segmentation_id"] == 160)
        }
    }

    @Test("Two items of one bulk asking for the same VLAN conflict with each other", arguments: [
        S.provider("vlan", physnet: "physnet1", segment: 170), S.provider("vxlan", segment: 1700),
    ])
    func bulkSelfConflict_Fails(provider: [String: JSONValue]) async throws {
        try await withNetworkAPIServer { _, client in
            let reply = try await client.post("\(S.v2)/networks", ["networks": [.object(provider), .object(provider)]])
            #expect(reply.status == 409)
            #expect(["VlanIdInUse", "TunnelIdInUse"].contains(reply.errorType ?? ""))
            #expect(try await client.get("\(S.v2)/networks").json["networks"] == [])
        }
    }

    @Test("A bulk port whose second item wants the first item's IP fails whole and frees the IP and MAC")
    func bulkPortRollback_Fails() async throws {
        try await withNetworkAPIServer { _, client in
            let networkId = try S.id(try await S.createNetwork(client))
            let subnetId = try S.id(try await S.createSubnet(client, network: networkId, cidr: "10.0.0.0/24"))
            let fixed: JSONValue = [["subnet_id": .string(subnetId), "ip_address": "10.0.0.10"]]
            let mac = "fa:16:3e:aa:bb:cc"
            let reply = try await client.post("\(S.v2)/ports", ["ports": [
                ["network_id": .string(networkId), "fixed_ips": fixed, "mac_address": .string(mac)],
                ["network_id": .string(networkId), "fixed_ips": fixed],
            ]])
            S.expectError(reply, 409, "IpAddressAlreadyAllocated", "IP address 10.0.0.10 already allocated in subnet \(subnetId)")
            #expect(try await client.get("\(S.v2)/ports").json["ports"] == [])
            let port = try await S.createPort(client, network: networkId, ["fixed_ips": fixed, "mac_address": .string(mac)])
            #expect(S.firstAddress(port) == "10.0.0.10")
            #expect(port["mac_address"] == .string(mac))
        }
    }

    @Test("A bulk with a malformed item is refused before anything is written")
    func bulkInvalidItem_Fails() async throws {
        try await withNetworkAPIServer { _, client in
            let networks = try await client.post("\(S.v2)/networks", ["networks": [["name": "ok"], ["name": "bad", "colour": "red"]]])
            S.expectError(networks, 400, "HTTPBadRequest", "Unrecognized attribute(s) 'colour'")
            let empty = try await client.post("\(S.v2)/networks", ["networks": []])
            S.expectError(empty, 400, "HTTPBadRequest", "Resources required")
            #expect(try await client.get("\(S.v2)/networks").json["networks"] == [])
        }
    }

    @Test("Networks, subnets and ports read back identically after a restart, allocations included")
    func restartPersistence() async throws {
        try await withRestartableNetworkAPIServer { box in
            var client = box.client
            let network = try await S.createNetwork(client, ["name": "persist", "description": "kept", "tags": ["red", "blue"],
                                                              "provider:network_type": "vlan", "provider:physical_network": "physnet1",
                                                              "provider:segmentation_id": 142])
            let networkId = try S.id(network)
            let subnet = try await S.createSubnet(client, network: networkId, cidr: "10.4.0.0/24", [
                "dns_nameservers": ["10.4.0.53"], "host_routes": [["destination": "10.5.0.0/16", "nexthop": "10.4.0.9"]],
                "allocation_pools": [["start": "10.4.0.20", "end": "10.4.0.40"]],
            ])
            let port = try await S.createPort(client, network: networkId, ["name": "p", "device_owner": "compute:nova",
                                                                          "device_id": "vm-1", "binding:vnic_type": "direct"])
            let paths = ["\(S.v2)/networks/\(networkId)", "\(S.v2)/subnets/\(try S.id(subnet))", "\(S.v2)/ports/\(try S.id(port))"]
            let lists = ["\(S.v2)/networks", "\(S.v2)/subnets", "\(S.v2)/ports"]
            var before: [JSONValue] = []
            for path in paths + lists { before.append(try await client.get(path).json) }
            #expect(before[0]["network"]?["subnets"] == [.string(try S.id(subnet))])

            try await box.restart()
            client = box.client
            for (index, path) in (paths + lists).enumerated() {
                let reply = try await client.get(path)
                #expect(reply.status == 200, "\(path)")
                #expect(reply.json == before[index], "\(path) changed across the restart")
            }
            let vlanTaken = try await client.post("\(S.v2)/networks", ["network": .object(S.provider("vlan", physnet: "physnet1", segment: 142))])
            S.expectError(vlanTaken, 409, "VlanIdInUse", "VLAN 142")
            // Fill the rest of the 21-address pool: the restarted server must skip the first port's address.
            var addresses: Set<JSONValue> = [try #require(S.firstAddress(port))]
            for _ in 0..<20 {
                let next = try await S.createPort(client, network: networkId)
                #expect(S.address(S.firstAddress(next), isIn: "10.4.0.20", "10.4.0.40"))
                #expect(addresses.insert(S.firstAddress(next) ?? .null).inserted, "an address was handed out twice")
            }
            let full = try await client.post("\(S.v2)/ports", ["port": ["network_id": .string(networkId)]])
            S.expectError(full, 409, "IpAddressGenerationFailure", "No more IP addresses available on network \(networkId)")
        }
    }

    @Test("A second restart applies no migration again and the server still serves its data")
    func secondRestart() async throws {
        try await withRestartableNetworkAPIServer { box in
            let networkId = try S.id(try await S.createNetwork(box.client, ["name": "survivor"]))
            try await box.restart()
            let afterFirst = try await Self.migrationRows(box.server.databasePath)
            try await box.restart()
            let afterSecond = try await Self.migrationRows(box.server.databasePath)
            #expect(!afterFirst.isEmpty)
            #expect(afterSecond == afterFirst, "a restart re-applied or re-recorded a migration")
            #expect(Set(afterSecond.map(\.version)).count == afterSecond.count)
            #expect(try await box.client.get("/healthz").status == 200)
            #expect(try await box.client.get("\(S.v2)/networks/\(networkId)").json["network"]?["name"] == "survivor")
        }
    }

    struct MigrationRow: Equatable, Sendable {
        let version: Int
        let appliedAt: String
    }

    /// The `schema_migrations` rows, read through a second connection to the server's file.
    static func migrationRows(_ path: String) async throws -> [MigrationRow] {
        var logger = Logger(label: "migration-check")
        logger.logLevel = .warning
        let store = try await SQLiteStore.open(path: path, logger: logger)
        do {
            let rows = try await store.withSession { db in
                try await db.raw("SELECT version, applied_at FROM schema_migrations ORDER BY version").all().map {
                    MigrationRow(version: try $0.decode(column: "version", as: Int.self),
                                 appliedAt: try $0.decode(column: "applied_at", as: String.self))
                }
            }
            try await store.close()
            return rows
        } catch {
            try? await store.close()
            throw error
        }
    }
}
