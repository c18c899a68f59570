import PatchbayCore
import PatchbayTesting
import Testing

/// Port creates choose a MAC and the next address of the subnet's cursor without looking them up
/// first; when the unique keys refuse a choice, the create runs again with fresh ones.
@Suite struct PortAllocationRetryAPITests {
    static func address(_ reply: APIClient.Reply) -> String? {
        reply.json["port"]?["fixed_ips"]?.arrayValue?.first?["ip_address"]?.stringValue
    }

    @Test func anAddressTakenUnderTheCursorIsSkipped_ARequestedOneIsStill409() async throws {
        try await PortAPI.withServer { _, client in
            let network = try #require(try await PortAPI.network(client)["id"]?.stringValue)
            let subnet = try #require(try await PortAPI.subnet(client, network: network, cidr: "10.8.0.0/24")["id"]?.stringValue)
            let first = try await client.post("/network/v2.0/ports", ["port": ["network_id": .string(network)]])
            #expect(first.status == 201 && Self.address(first) == "10.8.0.2", "\(first.json)")
            // The cursor now points at .3: take it explicitly, as another server's create would.
            let explicit = try await client.post("/network/v2.0/ports", ["port": [
                "network_id": .string(network), "fixed_ips": [["subnet_id": .string(subnet), "ip_address": "10.8.0.3"]]]])
            #expect(explicit.status == 201, "\(explicit.json)")
            let next = try await client.post("/network/v2.0/ports", ["port": ["network_id": .string(network)]])
            #expect(next.status == 201, "the create ran again past the taken address: \(next.json)")
            // Past .3, the cursor a few addresses on (at random, so two servers stop colliding in step).
            let last = try #require(Self.address(next).flatMap { $0.split(separator: ".").last }.flatMap { Int($0) })
            #expect((4...11).contains(last), "\(next.json)")
            let again = try await client.post("/network/v2.0/ports", ["port": [
                "network_id": .string(network), "fixed_ips": [["subnet_id": .string(subnet), "ip_address": "10.8.0.3"]]]])
            #expect(again.status == 409, "a requested address in use is refused, not retried: \(again.json)")
            #expect(again.json["NeutronError"]?["type"]?.stringValue == "IpAddressAlreadyAllocated")
        }
    }

    @Test func aRequestedMACInUseIs409_GeneratedOnesNeverCollide() async throws {
        try await PortAPI.withServer { _, client in
            let network = try #require(try await PortAPI.network(client)["id"]?.stringValue)
            let first = try await client.post("/network/v2.0/ports", ["port": ["network_id": .string(network)]])
            let mac = try #require(first.json["port"]?["mac_address"]?.stringValue)
            let same = try await client.post("/network/v2.0/ports", ["port": ["network_id": .string(network), "mac_address": .string(mac)]])
            #expect(same.status == 409 && same.json["NeutronError"]?["type"]?.stringValue == "MacAddressInUse", "\(same.json)")
            var macs: Set<String> = [mac]
            for _ in 0..<50 {
                let port = try await client.post("/network/v2.0/ports", ["port": ["network_id": .string(network)]])
                #expect(port.status == 201)
                macs.insert(try #require(port.json["port"]?["mac_address"]?.stringValue))
            }
            #expect(macs.count == 51)
        }
    }

    @Test func thirtyTwoConcurrentCreatesOnOneSubnet_AllGetAnAddressOfTheirOwn() async throws {
        try await PortAPI.withServer { _, client in
            let (network, _) = try await PortAPI.networkWithSubnet(client, cidr: "10.9.0.0/24")
            let replies = try await withThrowingTaskGroup(of: APIClient.Reply.self) { group in
                for _ in 0..<32 {
                    group.addTask { try await client.post("/network/v2.0/ports", ["port": ["network_id": .string(network)]]) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.allSatisfy { $0.status == 201 }, "\(replies.filter { $0.status != 201 }.map(\.json))")
            let addresses = replies.compactMap(Self.address)
            #expect(addresses.count == 32 && Set(addresses).count == 32)
            let listed = try await client.get("/network/v2.0/ports?network_id=\(network)")
            let stored = Set(listed.json["ports"]?.arrayValue?.compactMap { $0["fixed_ips"]?.arrayValue?.first?["ip_address"]?.stringValue } ?? [])
            #expect(stored == Set(addresses))
        }
    }

    @Test func aWrappedSubnetTakenInLongRuns_TheHolesAreStillFound() async throws {
        try await PortAPI.withServer { _, client in
            // A /26: .2 to .62, every address taken, then .10 and .40 freed. The cursor is past
            // the end, so the next create scans (.10); the one after runs into a long taken run
            // from .11 and must still find .40.
            let (network, _) = try await PortAPI.networkWithSubnet(client, cidr: "10.10.0.0/26")
            var ports: [String: String] = [:]
            for _ in 2...62 {
                let port = try await client.post("/network/v2.0/ports", ["port": ["network_id": .string(network)]])
                try #require(port.status == 201, "\(port.json)")
                ports[try #require(Self.address(port))] = port.json["port"]?["id"]?.stringValue
            }
            let full = try await client.post("/network/v2.0/ports", ["port": ["network_id": .string(network)]])
            #expect(full.status == 409, "\(full.json)")
            for freed in ["10.10.0.10", "10.10.0.40"] {
                #expect(try await client.delete("/network/v2.0/ports/\(try #require(ports[freed]))").status == 204)
            }
            let first = try await client.post("/network/v2.0/ports", ["port": ["network_id": .string(network)]])
            let second = try await client.post("/network/v2.0/ports", ["port": ["network_id": .string(network)]])
            #expect(first.status == 201 && second.status == 201, "\(first.json) \(second.json)")
            #expect(Set([first, second].compactMap(Self.address)) == ["10.10.0.10", "10.10.0.40"])
        }
    }
}
