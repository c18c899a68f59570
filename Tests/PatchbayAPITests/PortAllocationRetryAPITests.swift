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
            #expect(Self.address(next) == "10.8.0.4", "\(next.json)")
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
}
