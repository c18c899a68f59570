import PatchbayCore
import PatchbayTesting
import Testing

/// Ports over HTTP: MACs, fixed IPs and IPAM, updates, deletes, port security and address pairs.
@Suite struct PortAPITests {
    typealias P = PortAPI

    @Test func create_OnV4Subnet_GetsDefaults() async throws {
        try await P.withServer { _, client in
            let (network, subnet) = try await P.networkWithSubnet(client)
            let port = try await P.port(client, network: network, ["name": "vm1"])
            let mac = try #require(port["mac_address"]?.stringValue)
            let octets = mac.split(separator: ":")
            #expect(mac.hasPrefix("fa:16:3e:") && octets.count == 6 && octets.allSatisfy { $0.count == 2 && UInt8($0, radix: 16) != nil })
            let fixed = try #require(port["fixed_ips"]?.arrayValue)
            #expect(fixed.count == 1)
            #expect(fixed.first?["subnet_id"] == .string(subnet))
            let address = try #require(P.firstIP(port))
            #expect(P.inPool(address, "10.0.0.", 2...254), "\(address)")
            #expect(port["status"] == "DOWN")
            #expect(port["binding:vnic_type"] == "normal")
            #expect(port["binding:vif_type"] == "unbound")
            #expect(port["binding:host_id"] == "")
            #expect(port["security_groups"] == [])
            #expect(port["port_security_enabled"] == true)
            #expect(port["revision_number"] == 1)
            #expect(port["project_id"] == port["tenant_id"])
            // A second port takes the next free address.
            let second = try #require(P.firstIP(try await P.port(client, network: network)))
            #expect(second != address && P.inPool(second, "10.0.0.", 2...254))
        }
    }

    @Test func userDefinedMAC_IsNormalised_AndUniquePerNetwork() async throws {
        try await P.withServer { _, client in
            let (network, _) = try await P.networkWithSubnet(client)
            let port = try await P.port(client, network: network, ["mac_address": "FA:16:3E:AA:BB:CC"])
            #expect(port["mac_address"] == "fa:16:3e:aa:bb:cc")
            // The same MAC on another network is fine.
            let (other, _) = try await P.networkWithSubnet(client, cidr: "10.1.0.0/24")
            #expect(try await P.port(client, network: other, ["mac_address": "fa:16:3e:aa:bb:cc"])["mac_address"] == "fa:16:3e:aa:bb:cc")
        }
    }

    @Test func macInUse_Fails() async throws {
        try await P.withServer { _, client in
            let (network, _) = try await P.networkWithSubnet(client)
            _ = try await P.port(client, network: network, ["mac_address": "fa:16:3e:aa:bb:cc"])
            let reply = try await P.postPort(client, network: network, ["mac_address": "fa:16:3e:aa:bb:cc"])
            #expect(reply.status == 409)
            #expect(reply.errorType == "MacAddressInUse")
            #expect(reply.errorMessage?.contains("The mac address fa:16:3e:aa:bb:cc is in use") == true)
        }
    }

    @Test(arguments: ["zz:16:3e:00:00:01", "fa:16:3e:00:00", "fa:16:3e:00:00:01:02", "00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff", "fa163e000001"])
    func invalidMAC_Fails(mac: String) async throws {
        try await P.withServer { _, client in
            let (network, _) = try await P.networkWithSubnet(client)
            let reply = try await P.postPort(client, network: network, ["mac_address": .string(mac)])
            #expect(reply.status == 400)
            #expect(reply.errorType == "HTTPBadRequest")
            #expect(reply.errorMessage?.contains("is not a valid MAC address") == true)
        }
    }

    @Test func fixedIPs_ExplicitAddress_SubnetOnly_AndAddressOnly() async throws {
        try await P.withServer { _, client in
            let network = try #require(try await P.network(client)["id"]?.stringValue)
            let v4a = try #require(try await P.subnet(client, network: network, cidr: "10.0.0.0/24")["id"]?.stringValue)
            let v4b = try #require(try await P.subnet(client, network: network, cidr: "10.0.1.0/24")["id"]?.stringValue)
            let explicit = try await P.port(client, network: network, ["fixed_ips": [["subnet_id": .string(v4b), "ip_address": "10.0.1.50"]]])
            #expect(explicit["fixed_ips"] == [["subnet_id": .string(v4b), "ip_address": "10.0.1.50"]])
            let subnetOnly = try await P.port(client, network: network, ["fixed_ips": [["subnet_id": .string(v4b)]]])
            #expect(subnetOnly["fixed_ips"]?.arrayValue?.count == 1 && subnetOnly["fixed_ips"]?.arrayValue?.first?["subnet_id"] == .string(v4b))
            #expect(P.firstIP(subnetOnly).map { P.inPool($0, "10.0.1.", 2...254) && $0 != "10.0.1.50" } == true)
            let addressOnly = try await P.port(client, network: network, ["fixed_ips": [["ip_address": "10.0.0.9"]]])
            #expect(addressOnly["fixed_ips"] == [["subnet_id": .string(v4a), "ip_address": "10.0.0.9"]])
            let both = try await P.port(client, network: network, ["fixed_ips": [["subnet_id": .string(v4a)], ["subnet_id": .string(v4b)]]])
            let pairs = both["fixed_ips"]?.arrayValue?.compactMap { fixed in fixed["subnet_id"]?.stringValue.map { ($0, fixed["ip_address"]?.stringValue ?? "") } } ?? []
            #expect(pairs.map(\.0) == [v4a, v4b])
            #expect(pairs.count == 2 && P.inPool(pairs[0].1, "10.0.0.", 2...254) && P.inPool(pairs[1].1, "10.0.1.", 2...254))
        }
    }

    struct FixedIPCase: Sendable, CustomTestStringConvertible {
        let name: String
        let request: @Sendable (_ subnet: String) -> JSONValue
        let status: Int
        let type: String
        let message: String
        var testDescription: String { name }
    }

    static let fixedIPFailures: [FixedIPCase] = [
        FixedIPCase(name: "address taken", request: { [["subnet_id": .string($0), "ip_address": "10.0.0.5"]] },
                    status: 409, type: "IpAddressAlreadyAllocated", message: "IP address 10.0.0.5 already allocated in subnet"),
        FixedIPCase(name: "address taken, no subnet", request: { _ in [["ip_address": "10.0.0.5"]] },
                    status: 409, type: "IpAddressAlreadyAllocated", message: "already allocated"),
        FixedIPCase(name: "outside the subnet's cidr", request: { [["subnet_id": .string($0), "ip_address": "192.168.7.7"]] },
                    status: 400, type: "InvalidIpForSubnet", message: "192.168.7.7 is not a valid IP for the specified subnet"),
        FixedIPCase(name: "outside every subnet", request: { _ in [["ip_address": "192.168.7.7"]] },
                    status: 400, type: "InvalidIpForNetwork", message: "not a valid IP for any of the subnets"),
        FixedIPCase(name: "unknown subnet", request: { _ in [["subnet_id": "no-such-subnet"]] },
                    status: 400, type: "InvalidInput", message: "invalid subnet no-such-subnet"),
        FixedIPCase(name: "malformed address", request: { [["subnet_id": .string($0), "ip_address": "10.0.0.300"]] },
                    status: 400, type: "HTTPBadRequest", message: "'10.0.0.300' is not a valid IP address"),
        FixedIPCase(name: "unknown key", request: { [["subnet": .string($0)]] },
                    status: 400, type: "HTTPBadRequest", message: "Invalid data format for fixed IP"),
    ]

    @Test(arguments: fixedIPFailures)
    func fixedIPs_Fails(_ scenario: FixedIPCase) async throws {
        try await P.withServer { _, client in
            let (network, subnet) = try await P.networkWithSubnet(client)
            _ = try await P.port(client, network: network, ["fixed_ips": [["ip_address": "10.0.0.5"]]])
            let reply = try await P.postPort(client, network: network, ["fixed_ips": scenario.request(subnet)])
            #expect(reply.status == scenario.status)
            #expect(reply.errorType == scenario.type)
            #expect(reply.errorMessage?.contains(scenario.message) == true, "\(reply.errorMessage ?? "")")
        }
    }

    @Test func poolExhaustion_Fails() async throws {
        try await P.withServer { _, client in
            let (network, _) = try await P.networkWithSubnet(client, cidr: "10.9.0.0/30")
            #expect(P.firstIP(try await P.port(client, network: network)) == "10.9.0.2")
            let reply = try await P.postPort(client, network: network)
            #expect(reply.status == 409)
            #expect(reply.errorType == "IpAddressGenerationFailure")
            #expect(reply.errorMessage == "No more IP addresses available on network \(network).")
            // Nothing was left behind by the failed create.
            #expect(P.ids(try await client.get("\(P.v2)/ports")).count == 1)
        }
    }

    @Test func update_NameAdminStateAndFixedIPs() async throws {
        try await P.withServer { _, client in
            let (network, subnet) = try await P.networkWithSubnet(client)
            let created = try await P.port(client, network: network)
            let id = try #require(created["id"]?.stringValue)
            let original = try #require(P.firstIP(created))
            let renamed = try await P.updatePort(client, id, ["name": "renamed", "admin_state_up": false])
            #expect(renamed.status == 200)
            #expect(renamed.json["port"]?["name"] == "renamed")
            #expect(renamed.json["port"]?["admin_state_up"] == false)
            #expect(renamed.json["port"]?["revision_number"] == 2)
            // Move to another address; the old one is released for others.
            let target = original == "10.0.0.77" ? "10.0.0.78" : "10.0.0.77"
            let moved = try await P.updatePort(client, id, ["fixed_ips": [["subnet_id": .string(subnet), "ip_address": .string(target)]]])
            #expect(moved.status == 200)
            #expect(moved.json["port"]?["fixed_ips"] == [["subnet_id": .string(subnet), "ip_address": .string(target)]])
            let other = try await P.port(client, network: network, ["fixed_ips": [["ip_address": .string(original)]]])
            #expect(P.firstIP(other) == original)
            // Keep the current address and add one from the subnet.
            let added = try await P.updatePort(client, id, ["fixed_ips": [["ip_address": .string(target)], ["subnet_id": .string(subnet)]]])
            #expect(added.status == 200, "\(added.json)")
            let addresses = P.strings(.array(added.json["port"]?["fixed_ips"]?.arrayValue?.compactMap { $0["ip_address"] } ?? []))
            #expect(addresses.count == 2 && addresses.first == target && !addresses.dropFirst().contains(target) && !addresses.contains(original))
            // Taking another port's address on update fails, and changes nothing.
            let stolen = try await P.updatePort(client, id, ["fixed_ips": [["ip_address": .string(original)]]])
            #expect(stolen.status == 409)
            #expect(stolen.errorType == "IpAddressAlreadyAllocated")
            #expect(try await P.showPort(client, id)["fixed_ips"] == added.json["port"]?["fixed_ips"])
        }
    }

    /// Keeping an address and adding one from the same subnet must never hand the kept one out
    /// again: on a /30 (one usable address) that is pool exhaustion, not a duplicate.
    @Test func update_KeepOneAndAddOne_OnFullSubnet_Fails() async throws {
        try await P.withServer { _, client in
            let (network, subnet) = try await P.networkWithSubnet(client, cidr: "10.9.0.0/30")
            let port = try await P.port(client, network: network)
            let id = try #require(port["id"]?.stringValue)
            #expect(P.firstIP(port) == "10.9.0.2")
            let reply = try await P.updatePort(client, id, ["fixed_ips": [["subnet_id": .string(subnet), "ip_address": "10.9.0.2"],
                                                                          ["subnet_id": .string(subnet)]]])
            #expect(reply.status == 409)
            #expect(reply.errorType == "IpAddressGenerationFailure", "\(reply.json)")
            #expect(try await P.showPort(client, id)["fixed_ips"] == [["subnet_id": .string(subnet), "ip_address": "10.9.0.2"]])
        }
    }

    @Test func macChange_UnboundOK_BoundFails() async throws {
        try await P.withServer { _, client in
            let (network, _) = try await P.networkWithSubnet(client)
            try await P.reportAgent(client, type: "Linux bridge agent", bridges: ["physnet1": "ens3"])
            let id = try #require(try await P.port(client, network: network)["id"]?.stringValue)
            let changed = try await P.updatePort(client, id, ["mac_address": "fa:16:3e:01:02:03"])
            #expect(changed.status == 200)
            #expect(changed.json["port"]?["mac_address"] == "fa:16:3e:01:02:03")
            #expect(try await P.updatePort(client, id, ["mac_address": "FA:16:3E:01:02:03"]).status == 200)
            let bound = try await P.updatePort(client, id, ["binding:host_id": "compute1"])
            #expect(bound.json["port"]?["binding:vif_type"] == "bridge")
            // The same MAC in another spelling is no change, bound or not.
            let same = try await P.updatePort(client, id, ["mac_address": "FA-16-3E-01-02-03"])
            #expect(same.status == 200, "\(same.json)")
            let refused = try await P.updatePort(client, id, ["mac_address": "fa:16:3e:04:05:06"])
            #expect(refused.status == 409)
            #expect(refused.errorType == "PortBound")
            #expect(refused.errorMessage?.contains("port is already bound") == true)
            #expect(try await P.showPort(client, id)["mac_address"] == "fa:16:3e:01:02:03")
        }
    }

    @Test func delete_FreesTheAddress() async throws {
        try await P.withServer { _, client in
            let (network, subnet) = try await P.networkWithSubnet(client)
            let request: JSONValue = [["subnet_id": .string(subnet), "ip_address": "10.0.0.42"]]
            let id = try #require(try await P.port(client, network: network, ["fixed_ips": request])["id"]?.stringValue)
            #expect(try await client.delete("\(P.v2)/ports/\(id)").status == 204)
            let gone = try await client.get("\(P.v2)/ports/\(id)")
            #expect(gone.status == 404)
            #expect(gone.errorType == "PortNotFound")
            #expect(gone.errorMessage == "Port \(id) could not be found.")
            #expect(P.firstIP(try await P.port(client, network: network, ["fixed_ips": request])) == "10.0.0.42")
            #expect(try await client.delete("\(P.v2)/ports/\(id)").errorType == "PortNotFound")
        }
    }

    @Test func unknownNetwork_Fails() async throws {
        try await P.withServer { _, client in
            let reply = try await P.postPort(client, network: "00000000-0000-4000-8000-000000000000")
            #expect(reply.status == 404)
            #expect(reply.errorType == "NetworkNotFound")
            #expect(reply.errorMessage == "Network 00000000-0000-4000-8000-000000000000 could not be found.")
            let malformed = try await P.postPort(client, network: "not-a-uuid")
            #expect(malformed.status == 400)
            #expect(malformed.errorType == "HTTPBadRequest")
            #expect(malformed.errorMessage == "Invalid input for network_id. Reason: 'not-a-uuid' is not a valid UUID.")
        }
    }

    @Test func slaacSubnet_GivesEUI64Address() async throws {
        try await P.withServer { _, client in
            let network = try #require(try await P.network(client)["id"]?.stringValue)
            let subnet = try #require(try await P.subnet(client, network: network, cidr: "2001:db8:1::/64", version: 6,
                                                         ["ipv6_address_mode": "slaac", "ipv6_ra_mode": "slaac"])["id"]?.stringValue)
            let port = try await P.port(client, network: network, ["mac_address": "fa:16:3e:12:34:56"])
            // RFC 5952: a single zero group is written out, not compressed to `::`.
            #expect(port["fixed_ips"] == [["subnet_id": .string(subnet), "ip_address": "2001:db8:1:0:f816:3eff:fe12:3456"]])
        }
    }

    @Test func portSecurity_InheritedAndSettable() async throws {
        try await P.withServer { _, client in
            let (network, _) = try await P.networkWithSubnet(client, ["port_security_enabled": false])
            let inherited = try await P.port(client, network: network)
            #expect(inherited["port_security_enabled"] == false)
            #expect(try await P.port(client, network: network, ["port_security_enabled": true])["port_security_enabled"] == true)
            let id = try #require(inherited["id"]?.stringValue)
            #expect(try await P.updatePort(client, id, ["port_security_enabled": true]).json["port"]?["port_security_enabled"] == true)
            let bad = try await P.updatePort(client, id, ["port_security_enabled": "maybe"])
            #expect(bad.status == 400)
            #expect(bad.errorType == "InvalidInput")
        }
    }

    @Test func allowedAddressPairs_DefaultToThePortMAC() async throws {
        try await P.withServer { _, client in
            let (network, _) = try await P.networkWithSubnet(client)
            let port = try await P.port(client, network: network, ["allowed_address_pairs": [
                ["ip_address": "10.0.0.100"], ["ip_address": "192.168.0.0/24", "mac_address": "FA:16:3E:00:00:99"],
            ]])
            let mac = try #require(port["mac_address"])
            #expect(port["allowed_address_pairs"] == [["ip_address": "10.0.0.100", "mac_address": mac],
                                                      ["ip_address": "192.168.0.0/24", "mac_address": "fa:16:3e:00:00:99"]])
            let id = try #require(port["id"]?.stringValue)
            #expect(try await P.updatePort(client, id, ["allowed_address_pairs": []]).json["port"]?["allowed_address_pairs"] == [])
            let bad = try await P.updatePort(client, id, ["allowed_address_pairs": [["ip_address": "not-an-ip"]]])
            #expect(bad.status == 400)
            #expect(bad.errorType == "HTTPBadRequest")
            #expect(bad.errorMessage == "AllowedAddressPair must contain ip_address")
        }
    }

    @Test func securityGroups_NonEmpty_Fails() async throws {
        try await P.withServer { _, client in
            let (network, _) = try await P.networkWithSubnet(client)
            #expect(try await P.port(client, network: network, ["security_groups": []])["security_groups"] == [])
            let reply = try await P.postPort(client, network: network, ["security_groups": ["default"]])
            #expect(reply.status == 400)
            #expect(reply.errorType == "HTTPBadRequest")
            #expect(reply.errorMessage?.contains("Security groups are not supported") == true)
        }
    }

    // MARK: Other projects

    @Test func otherProjectsPort_IsNotFound() async throws {
        try await P.withServer { _, admin in
            let (network, _) = try await P.networkWithSubnet(admin)
            let id = try #require(try await P.port(admin, network: network)["id"]?.stringValue)
            let stranger = admin.acting(project: "demo", roles: "member")
            let replies = [try await stranger.get("\(P.v2)/ports/\(id)"), try await P.updatePort(stranger, id, ["name": "mine"]),
                           try await stranger.delete("\(P.v2)/ports/\(id)")]
            for reply in replies {
                #expect(reply.status == 404)
                #expect(reply.errorType == "PortNotFound")
            }
            #expect(P.ids(try await stranger.get("\(P.v2)/ports")).isEmpty)
            #expect(try await P.showPort(admin, id)["name"] == "")
            // A reader of the owning project sees it but may not change it.
            let reader = admin.acting(project: "admin", roles: "reader")
            #expect(try await P.showPort(reader, id)["id"] == .string(id))
            let refused = try await P.updatePort(reader, id, ["name": "x"])
            #expect(refused.status == 403)
            #expect(refused.errorType == "PolicyNotAuthorized")
        }
    }
}
