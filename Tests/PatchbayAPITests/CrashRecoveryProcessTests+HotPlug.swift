import Foundation
import PatchbayCore
import PatchbayTesting
import Testing

/// SIGKILL in the middle of an interface attach or detach: a fresh process undoes the attach
/// once its lease ran out, or finishes the detach, and nothing stays held.
extension CrashRecoveryProcessTests {
    @Test(arguments: ["attach.after_claim", "attach.after_bind"])
    func killedDuringAttach_RestartedServerUndoesIt(failpoint: String) async throws {
        let scenario = try Scenario(waitForAgent: false)
        let first = try scenario.start(failpoint: failpoint)
        let client = APIClient(baseURL: first.baseURL)
        let fixture = try await Self.prepare(client)
        let (id, _) = try await C.boot(client, flavor: fixture.flavor, networks: [["uuid": .string(fixture.network)]])
        let bootPort = try #require(try await Self.interfaces(client, id).first)
        _ = try? await client.post("\(C.v21)/servers/\(id)/os-interface",
                                   ["interfaceAttachment": ["port_id": .string(fixture.port)]])
        #expect(try await Self.died(first), "the failpoint \(failpoint) killed the server")
        let crashed = try await StoreAudit.read(scenario.database)
        #expect(crashed.heldDevices.map(\.server) == [id], "the attach had claimed a VF when it died")
        #expect(crashed.reservedPorts[fixture.port] == id)

        let second = try scenario.start()
        let again = APIClient(baseURL: second.baseURL)
        for _ in 0..<100 {  // the attach's lease (2 s) runs out, then the sweep undoes it
            let held = try await C.devices(again).values.contains { $0["state"] == "claimed" || $0["state"] == "allocated" }
            if !held { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(try await Self.interfaces(again, id) == [bootPort], "the half-done attach is undone")
        #expect(try await again.get("\(C.v21)/servers/\(id)").json["server"]?["status"] == "ACTIVE")
        _ = try second.terminate(signal: SIGTERM)
        let audit = try await StoreAudit.read(scenario.database)
        #expect(audit.heldDevices.isEmpty, "devices held after \(failpoint): \(audit.heldDevices)")
        #expect(audit.reservedPorts == [bootPort: id], "the attached port is released: \(audit.reservedPorts)")
        #expect(!audit.boundPorts.contains(fixture.port))
    }

    @Test func killedDuringDetach_RestartedServerFinishesIt() async throws {
        let scenario = try Scenario(waitForAgent: false)
        let first = try scenario.start(failpoint: "detach.after_mark")
        let client = APIClient(baseURL: first.baseURL)
        let fixture = try await Self.prepare(client)
        let (id, _) = try await C.boot(client, flavor: fixture.flavor,
                                       networks: [["port": .string(fixture.port)], ["uuid": .string(fixture.network)]])
        #expect(try await C.devices(client).values.contains { $0["state"] == "allocated" })
        _ = try? await client.delete("\(C.v21)/servers/\(id)/os-interface/\(fixture.port)")
        #expect(try await Self.died(first))
        #expect(try await StoreAudit.read(scenario.database).heldDevices.map(\.server) == [id], "marked, not yet freed")

        let second = try scenario.start()
        let again = APIClient(baseURL: second.baseURL)
        #expect(try await !Self.interfaces(again, id).contains(fixture.port))
        _ = try second.terminate(signal: SIGTERM)
        let audit = try await StoreAudit.read(scenario.database)
        #expect(audit.heldDevices.isEmpty, "the detached port's VF is free: \(audit.heldDevices)")
        #expect(audit.reservedPorts[fixture.port] == nil && !audit.boundPorts.contains(fixture.port))
        #expect(audit.reservedPorts.count == 1 && audit.reservedPorts.values.allSatisfy { $0 == id })
    }

    /// The port ids `os-interface` lists for a server.
    static func interfaces(_ client: APIClient, _ id: String) async throws -> [String] {
        let reply = try await client.get("\(C.v21)/servers/\(id)/os-interface")
        return (reply.json["interfaceAttachments"]?.arrayValue ?? []).compactMap { $0["port_id"]?.stringValue }
    }
}
