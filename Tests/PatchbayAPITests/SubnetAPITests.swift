import PatchbayCore
import PatchbayTesting
import Testing

/// Subnets over HTTP: default and explicit layouts, validation, updates, and deletes.
@Suite struct SubnetAPITests {
    typealias S = NetworkAPISupport

    /// One invalid subnet create: the attributes on top of `10.0.0.0/24` v4 and the expected fault.
    struct InvalidCase: Sendable, CustomTestStringConvertible {
        let name: String
        let attributes: [String: JSONValue]
        let status: Int
        let type: String
        let message: String
        var testDescription: String { name }
    }

    static let invalidCases: [InvalidCase] = [
        .init(name: "pool outside cidr", attributes: ["allocation_pools": [["start": "10.0.0.200", "end": "10.0.1.5"]]],
              status: 400, type: "OutOfBoundsAllocationPool", message: "spans beyond the subnet cidr 10.0.0.0/24"),
        .init(name: "pool on the broadcast address", attributes: ["allocation_pools": [["start": "10.0.0.250", "end": "10.0.0.255"]]],
              status: 400, type: "OutOfBoundsAllocationPool", message: "10.0.0.250-10.0.0.255"),
        .init(name: "gateway in pool", attributes: ["gateway_ip": "10.0.0.5", "allocation_pools": [["start": "10.0.0.2", "end": "10.0.0.50"]]],
              status: 409, type: "GatewayConflictWithAllocationPools", message: "Gateway ip 10.0.0.5 conflicts with allocation pool"),
        .init(name: "overlapping pools", attributes: ["allocation_pools": [["start": "10.0.0.2", "end": "10.0.0.50"],
                                                                        ["start": "10.0.0.40", "end": "10.0.0.60"]]],
              status: 409, type: "OverlappingAllocationPools", message: "Found overlapping allocation pools"),
        .init(name: "reversed pool", attributes: ["allocation_pools": [["start": "10.0.0.50", "end": "10.0.0.2"]]],
              status: 400, type: "InvalidAllocationPool", message: "10.0.0.50-10.0.0.2 is not valid"),
        .init(name: "bad cidr", attributes: ["cidr": "10.0.0.0/33"], status: 400, type: "InvalidInput",
              message: "'10.0.0.0/33' is not a valid IP subnet"),
        .init(name: "not a cidr", attributes: ["cidr": "banana"], status: 400, type: "InvalidInput", message: "not a valid IP subnet"),
        .init(name: "ip_version mismatch", attributes: ["ip_version": 6], status: 400, type: "InvalidInput",
              message: "Cidr 10.0.0.0/24 does not match the ip_version 6"),
        .init(name: "ip_version 5", attributes: ["ip_version": 5], status: 400, type: "HTTPBadRequest", message: "Invalid input for ip_version"),
        .init(name: "gateway of the other version", attributes: ["gateway_ip": "2001:db8::1"], status: 400, type: "InvalidInput",
              message: "gateway_ip '2001:db8::1' does not match the ip_version '4'"),
        .init(name: "gateway not an address", attributes: ["gateway_ip": "gw"], status: 400, type: "HTTPBadRequest",
              message: "'gw' is not a valid IP address"),
        .init(name: "six nameservers", attributes: ["dns_nameservers": .array((1...6).map { .string("10.9.9.\($0)") })],
              status: 400, type: "DNSNameServersExhausted", message: "exceeds the limit 5"),
        .init(name: "bad host route", attributes: ["host_routes": [["destination": "nowhere", "nexthop": "10.0.0.9"]]],
              status: 400, type: "HTTPBadRequest", message: "Invalid data format for hostroute"),
        .init(name: "missing cidr", attributes: ["cidr": nil], status: 400, type: "BadRequest", message: "in the absence of a cidr"),
        .init(name: "unknown network", attributes: ["network_id": "0badc0de-0000-4000-8000-000000000000"], status: 404,
              type: "NetworkNotFound", message: "Network 0badc0de-0000-4000-8000-000000000000 could not be found."),
    ]

    @Test("A v4 subnet defaults to gateway .1 and pool .2-.254, and is listed on its network")
    func createV4Defaults() async throws {
        try await withNetworkAPIServer { _, client in
            let networkId = try S.id(try await S.createNetwork(client))
            let subnet = try await S.createSubnet(client, network: networkId, cidr: "10.0.0.0/24", ["name": "v4"])
            #expect(subnet["network_id"] == .string(networkId))
            #expect(subnet["ip_version"] == 4)
            #expect(subnet["cidr"] == "10.0.0.0/24")
            #expect(subnet["gateway_ip"] == "10.0.0.1")
            #expect(subnet["allocation_pools"] == [["start": "10.0.0.2", "end": "10.0.0.254"]])
            #expect(subnet["enable_dhcp"] == true)
            #expect(subnet["dns_nameservers"] == [])
            #expect(subnet["host_routes"] == [])
            #expect(subnet["revision_number"] == 1)
            #expect(subnet["tenant_id"] == "admin")
            #expect(try await client.get("\(S.v2)/subnets/\(try S.id(subnet))").json["subnet"] == subnet)
            let network = try await client.get("\(S.v2)/networks/\(networkId)").json["network"]
            #expect(network?["subnets"] == [.string(try S.id(subnet))])
        }
    }

    @Test("A v6 /64 subnet keeps its cidr; an explicit gateway ::1 leaves ::2 onwards for the pool")
    func createV6() async throws {
        try await withNetworkAPIServer { _, client in
            let networkId = try S.id(try await S.createNetwork(client))
            let explicit = try await S.createSubnet(client, network: networkId, cidr: "2001:db8::/64", version: 6,
                                                    ["gateway_ip": "2001:db8::1"])
            #expect(explicit["ip_version"] == 6)
            #expect(explicit["cidr"] == "2001:db8::/64")
            #expect(explicit["gateway_ip"] == "2001:db8::1")
            #expect(explicit["allocation_pools"] == [["start": "2001:db8::2", "end": "2001:db8::ffff:ffff:ffff:ffff"]])
            let automatic = try await S.createSubnet(client, network: networkId, cidr: "2001:db8:1::/64", version: 6)
            // A running Neutron 29 answers the subnet-router anycast address (the network address)
            // as the default IPv6 gateway, and pools from ::1.
            #expect(automatic["gateway_ip"] == "2001:db8:1::")
            #expect(automatic["allocation_pools"] == [["start": "2001:db8:1::1", "end": "2001:db8:1:0:ffff:ffff:ffff:ffff"]])
        }
    }

    @Test("Explicit pools and gateway are kept (pools sorted); gateway_ip null means no gateway")
    func createExplicitLayout() async throws {
        try await withNetworkAPIServer { _, client in
            let networkId = try S.id(try await S.createNetwork(client))
            let pools: JSONValue = [["start": "10.1.0.100", "end": "10.1.0.110"], ["start": "10.1.0.10", "end": "10.1.0.20"]]
            let subnet = try await S.createSubnet(client, network: networkId, cidr: "10.1.0.0/24",
                                                  ["gateway_ip": "10.1.0.254", "allocation_pools": pools,
                                                   "dns_nameservers": ["8.8.8.8", "1.1.1.1"]])
            #expect(subnet["gateway_ip"] == "10.1.0.254")
            #expect(subnet["allocation_pools"] == [["start": "10.1.0.10", "end": "10.1.0.20"], ["start": "10.1.0.100", "end": "10.1.0.110"]])
            #expect(subnet["dns_nameservers"] == ["8.8.8.8", "1.1.1.1"])
            let gatewayless = try await S.createSubnet(client, network: networkId, cidr: "10.2.0.0/24", ["gateway_ip": nil])
            #expect(gatewayless["gateway_ip"] == .null)
            #expect(gatewayless["allocation_pools"] == [["start": "10.2.0.1", "end": "10.2.0.254"]])
        }
    }

    @Test("Invalid subnet creates fail with Neutron's fault and create nothing", arguments: invalidCases)
    func createInvalid_Fails(_ row: InvalidCase) async throws {
        try await withNetworkAPIServer { _, client in
            let networkId = try S.id(try await S.createNetwork(client))
            var body = S.subnetBody(networkId, "10.0.0.0/24", 4, row.attributes)
            body = body.filter { !$0.value.isNull }  // a null in a row means "leave the attribute out"
            let reply = try await client.post("\(S.v2)/subnets", ["subnet": .object(body)])
            S.expectError(reply, row.status, row.type, row.message)
            #expect(try await client.get("\(S.v2)/subnets").json["subnets"] == [])
        }
    }

    @Test("A cidr overlapping another subnet of the same network is 400; on another network it is fine")
    func overlappingCidr_Fails() async throws {
        try await withNetworkAPIServer { _, client in
            let first = try S.id(try await S.createNetwork(client))
            let second = try S.id(try await S.createNetwork(client))
            _ = try await S.createSubnet(client, network: first, cidr: "10.0.0.0/24")
            let overlap = try await client.post("\(S.v2)/subnets",
                                                ["subnet": .object(S.subnetBody(first, "10.0.0.128/25", 4, [:]))])
            S.expectError(overlap, 400, "InvalidInput", "for network: \(first) overlaps with another subnet")
            _ = try await S.createSubnet(client, network: second, cidr: "10.0.0.0/24")
            #expect(S.ids(try await client.get("\(S.v2)/subnets"), "subnets").count == 2)
        }
    }

    @Test("PUT replaces host routes, nameservers and the gateway, bumping the revision")
    func updateRoutesAndGateway() async throws {
        try await withNetworkAPIServer { _, client in
            let networkId = try S.id(try await S.createNetwork(client))
            let subnet = try await S.createSubnet(client, network: networkId, cidr: "10.0.0.0/24", [
                "allocation_pools": [["start": "10.0.0.10", "end": "10.0.0.20"]],
                "host_routes": [["destination": "192.168.0.0/16", "nexthop": "10.0.0.9"]],
            ])
            #expect(subnet["host_routes"] == [["destination": "192.168.0.0/16", "nexthop": "10.0.0.9"]])
            let path = "\(S.v2)/subnets/\(try S.id(subnet))"
            let routes: JSONValue = [["destination": "172.16.0.0/12", "nexthop": "10.0.0.8"], ["destination": "0.0.0.0/0", "nexthop": "10.0.0.7"]]
            let updated = try await client.put(path, ["subnet": ["host_routes": routes, "dns_nameservers": ["9.9.9.9"], "gateway_ip": "10.0.0.254"]])
            #expect(updated.status == 200)
            #expect(updated.json["subnet"]?["host_routes"] == routes)
            #expect(updated.json["subnet"]?["dns_nameservers"] == ["9.9.9.9"])
            #expect(updated.json["subnet"]?["gateway_ip"] == "10.0.0.254")
            #expect(updated.json["subnet"]?["allocation_pools"] == subnet["allocation_pools"])
            #expect(updated.json["subnet"]?["revision_number"] == 2)
            let inPool = try await client.put(path, ["subnet": ["gateway_ip": "10.0.0.15"]])
            S.expectError(inPool, 409, "GatewayConflictWithAllocationPools", "Gateway ip 10.0.0.15 conflicts")
            let readOnly = try await client.put(path, ["subnet": ["cidr": "10.9.0.0/24"]])
            S.expectError(readOnly, 400, "HTTPBadRequest", "Cannot update read-only attribute cidr")
            #expect(try await client.get(path).json["subnet"] == updated.json["subnet"], "a failed PUT changed the subnet")
            let cleared = try await client.put(path, ["subnet": ["gateway_ip": nil, "host_routes": []]])
            #expect(cleared.json["subnet"]?["gateway_ip"] == .null)
            #expect(cleared.json["subnet"]?["host_routes"] == [])
            #expect(cleared.json["subnet"]?["revision_number"] == 3)
        }
    }

    @Test("A subnet with an allocated port is 409 SubnetInUse; once the port is gone it deletes")
    func deleteInUse_Fails() async throws {
        try await withNetworkAPIServer { _, client in
            let networkId = try S.id(try await S.createNetwork(client))
            let subnetId = try S.id(try await S.createSubnet(client, network: networkId, cidr: "10.0.0.0/24"))
            let port = try await S.createPort(client, network: networkId)
            #expect(port["fixed_ips"]?.arrayValue?.map { $0["subnet_id"] } == [.string(subnetId)])
            #expect(S.address(S.firstAddress(port), isIn: "10.0.0.2", "10.0.0.254"))
            let refused = try await client.delete("\(S.v2)/subnets/\(subnetId)")
            S.expectError(refused, 409, "SubnetInUse", "Unable to complete operation on subnet \(subnetId)")
            #expect(try await client.delete("\(S.v2)/ports/\(try S.id(port))").status == 204)
            #expect(try await client.delete("\(S.v2)/subnets/\(subnetId)").status == 204)
            S.expectError(try await client.get("\(S.v2)/subnets/\(subnetId)"), 404, "SubnetNotFound",
                          "Subnet \(subnetId) could not be found.")
            #expect(try await client.get("\(S.v2)/networks/\(networkId)").json["network"]?["subnets"] == [])
        }
    }

    @Test("Deleting a network deletes its subnets; other networks' subnets stay")
    func networkDeleteCascades() async throws {
        try await withNetworkAPIServer { _, client in
            let doomed = try S.id(try await S.createNetwork(client))
            let kept = try S.id(try await S.createNetwork(client))
            let v4 = try S.id(try await S.createSubnet(client, network: doomed, cidr: "10.0.0.0/24"))
            let v6 = try S.id(try await S.createSubnet(client, network: doomed, cidr: "2001:db8::/64", version: 6))
            let other = try S.id(try await S.createSubnet(client, network: kept, cidr: "10.0.0.0/24"))
            #expect(try await client.delete("\(S.v2)/networks/\(doomed)").status == 204)
            for id in [v4, v6] {
                S.expectError(try await client.get("\(S.v2)/subnets/\(id)"), 404, "SubnetNotFound", id)
            }
            #expect(S.ids(try await client.get("\(S.v2)/subnets"), "subnets") == [other])
        }
    }

    @Test("A member of another project cannot see, change or delete a private subnet")
    func crossProject_Fails() async throws {
        try await withNetworkAPIServer { _, admin in
            let owner = admin.acting(project: "p1", roles: "member")
            let stranger = admin.acting(project: "p2", roles: "member")
            let networkId = try S.id(try await S.createNetwork(owner))
            let subnetId = try S.id(try await S.createSubnet(owner, network: networkId, cidr: "10.0.0.0/24"))
            let path = "\(S.v2)/subnets/\(subnetId)"
            for reply in [try await stranger.get(path), try await stranger.put(path, ["subnet": ["name": "x"]]),
                          try await stranger.delete(path)] {
                S.expectError(reply, 404, "SubnetNotFound", subnetId)
            }
            let foreign = try await stranger.post("\(S.v2)/subnets", ["subnet": .object(S.subnetBody(networkId, "10.5.0.0/24", 4, [:]))])
            S.expectError(foreign, 404, "NetworkNotFound", networkId)
            #expect(try await stranger.get("\(S.v2)/subnets").json["subnets"] == [])
            #expect(S.ids(try await owner.get("\(S.v2)/subnets"), "subnets") == [subnetId])
        }
    }
}
