import PatchbayCore
import PatchbayTesting
import Testing

/// A port update that leaves the fixed IPs alone keeps them allocated in the store (they are not
/// rewritten), and one that changes them moves the allocation.
@Suite struct PortAddressKeepingAPITests {
    static func address(_ reply: APIClient.Reply) -> String? {
        reply.json["port"]?["fixed_ips"]?.arrayValue?.first?["ip_address"]?.stringValue
    }

    @Test func updatesKeepOrMoveTheAllocation() async throws {
        try await PortAPI.withServer { _, client in
            let (network, subnet) = try await PortAPI.networkWithSubnet(client, cidr: "10.11.0.0/24")
            let port = try await client.post("/network/v2.0/ports", ["port": ["network_id": .string(network)]])
            let id = try #require(port.json["port"]?["id"]?.stringValue)
            let held = try #require(Self.address(port))
            func take(_ address: String) async throws -> APIClient.Reply {
                try await client.post("/network/v2.0/ports", ["port": [
                    "network_id": .string(network), "fixed_ips": [["subnet_id": .string(subnet), "ip_address": .string(address)]]]])
            }
            let changes: [(path: String, body: JSONValue)] = [
                ("/network/v2.0/ports/\(id)", ["port": ["name": "renamed"]]),
                ("/network/v2.0/ports/\(id)", ["port": ["device_id": "vm-1"]]),
                ("/network/v2.0/ports/\(id)/tags", ["tags": ["a"]]),
            ]
            for change in changes {
                let updated = try await client.put(change.path, change.body)
                #expect(updated.status == 200, "\(updated.json)")
                let shown = try await client.get("/network/v2.0/ports/\(id)")
                #expect(Self.address(shown) == held, "\(shown.json)")
                #expect(try await take(held).status == 409, "\(held) still allocated after \(change.body)")
            }
            let moved = try await client.put("/network/v2.0/ports/\(id)", ["port": [
                "fixed_ips": [["subnet_id": .string(subnet), "ip_address": "10.11.0.200"]]]])
            #expect(moved.status == 200 && Self.address(moved) == "10.11.0.200", "\(moved.json)")
            #expect(try await take(held).status == 201, "the old address was given back")
            #expect(try await take("10.11.0.200").status == 409)
        }
    }
}
