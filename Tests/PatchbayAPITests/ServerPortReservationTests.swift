import PatchbayCore
import PatchbayTesting
import Testing

/// A port given to one server cannot be given to another while the first holds it.
@Suite("Server port reservation")
struct ServerPortReservationTests {
    @Test("a second boot with a port another server holds is 409 and leaves the first untouched")
    func samePortTwice_Fails() async throws {
        try await ComputeAPI.withServer { _, client in
            try await ComputeAPI.fixtureHost(client)
            let network = try await ComputeAPI.vlanNetwork(client)
            let port = try await ComputeAPI.port(client, network: network)
            let flavor = try await ComputeAPI.flavor(client)
            let first = try await ComputeAPI.postServer(client, name: "first", flavor: flavor, networks: [["port": .string(port)]])
            #expect(first.status == 202)
            let second = try await ComputeAPI.postServer(client, name: "second", flavor: flavor, networks: [["port": .string(port)]])
            #expect(second.status == 409)
            #expect(ComputeAPI.fault(second)?.key == "conflictingRequest")
            #expect(ComputeAPI.fault(second)?.message.contains("already has an attached device") == true)
            let firstId = try #require(first.json["server"]?["id"]?.stringValue)
            let done = try await ComputeAPI.waitForServer(client, firstId, status: "ACTIVE")
            #expect(done["status"] == "ACTIVE")
            let shown = try await client.get("/network/v2.0/ports/\(port)")
            #expect(shown.json["port"]?["device_id"]?.stringValue == firstId)
        }
    }
}
