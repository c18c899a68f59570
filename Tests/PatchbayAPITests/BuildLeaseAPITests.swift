import Foundation
import Logging
import PatchbayAPI
import PatchbayCore
import PatchbayPostgres
import PatchbayStore
import PatchbayTesting
import Testing

/// Recovery never fails a build another live process leases, and takes it over once the lease
/// has run out.
@Suite struct BuildLeaseAPITests {
    typealias C = ComputeAPI

    @Test func buildLeasedByAnotherProcess_SurvivesRestart_UndoneOnceItsLeaseRunsOut() async throws {
        let clock = ManualClock()
        let yaml = C.yaml() + "\ncompute:\n  build_lease: 2\n"
        var server = try await TestServer.start(yaml: yaml, clock: clock)
        let id = UUIDv4.make()
        do {
            try await server.stop()
            let store = try await DatabaseOpener.open(server.databasePath, logger: Logger(label: "lease-test"))
            var building = Server(id: id, projectId: "admin", userId: "", name: "elsewhere",
                                  flavor: Flavor(id: "f", name: "f", ramMB: 512, vcpus: 1), imageRef: "",
                                  taskState: .networking, audit: AuditStamp(createdAt: clock.now()))
            building.lease = BuildLease(owner: "another-live-process", expiresAt: clock.now() + 100)
            let row = building
            try await SQLComputeRepository(store: store).write { try await $0.insert(row) }
            try await store.close()

            server = try await server.restart(yaml: yaml)
            let client = APIClient(baseURL: server.baseURL)
            #expect(try await client.get("\(C.v21)/servers/\(id)").json["server"]?["status"] == "BUILD",
                    "recovery at start leaves a leased build alone")
            try await Task.sleep(for: .milliseconds(1500))
            #expect(try await client.get("\(C.v21)/servers/\(id)").json["server"]?["status"] == "BUILD",
                    "so does the periodic sweep while the lease holds")
            clock.advance(by: 200)
            var shown: JSONValue?
            for _ in 0..<100 {
                shown = try await client.get("\(C.v21)/servers/\(id)").json["server"]
                if shown?["status"] == "ERROR" { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(shown?["status"] == "ERROR")
            #expect(shown?["fault"]?["message"]?.stringValue?.contains("aborted") == true)
        } catch {
            try? await server.stop()
            throw error
        }
        try await server.stop()
    }
}
