import Foundation
import PatchbayCore
import PatchbayTesting
import Testing

/// SIGKILL at every lifecycle step: `patchbay serve` runs as a real process with one failpoint
/// armed, dies there, and a fresh process on the same database must leave every server ACTIVE,
/// ERROR or gone, with nothing held by a server that does not hold it and no port left reserved.
@Suite(.serialized) struct CrashRecoveryProcessTests {
    typealias C = ComputeAPI

    /// A scratch directory with the config and database of one crash scenario.
    struct Scenario {
        let directory: URL
        var database: String { directory.appendingPathComponent("patchbay.sqlite").path }
        var config: String { directory.appendingPathComponent("patchbay.yaml").path }

        init(waitForAgent: Bool) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("pb-crash-\(UUIDv4.make())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let yaml = C.yaml() + "\ncompute:\n  wait_for_agent: \(waitForAgent)\n  build_lease: 2\n"
            try yaml.write(toFile: config, atomically: true, encoding: .utf8)
        }

        func start(failpoint: String? = nil) throws -> ServeProcess {
            try ServeProcess.start(arguments: ["--noauth", "--log-level", "warning", "--config", config, "--database", database],
                                   environment: failpoint.map { ["PATCHBAY_FAILPOINTS": $0] } ?? [:])
        }
    }

    /// Waits until the process is gone (the failpoint killed it); true when it died by SIGKILL.
    static func died(_ process: ServeProcess) async throws -> Bool {
        for _ in 0..<300 where process.process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        return !process.process.isRunning && process.process.terminationReason == .uncaughtSignal
            && process.process.terminationStatus == SIGKILL
    }

    /// The fixture: a host with 4 VFs, a flavor, a VLAN network and one direct port.
    static func prepare(_ client: APIClient) async throws -> (flavor: String, network: String, port: String) {
        try await C.fixtureHost(client)
        let flavor = try await C.flavor(client)
        let (network, _) = try await ServerBootAPI.vlanNetwork(client)
        return (flavor, network, try await ServerBootAPI.port(client, network: network))
    }

    /// Polls a server until `done` holds for its JSON (or it is gone, when `done` accepts nil).
    static func waitFor(_ client: APIClient, _ id: String, _ what: String,
                        _ done: (JSONValue?) -> Bool) async throws {
        for _ in 0..<300 {
            let reply = try await client.get("\(C.v21)/servers/\(id)")
            if done(reply.status == 404 ? nil : reply.json["server"]) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("server \(id) never became \(what)")
    }

    /// The one server stored (the build may have died before its 202 was written).
    static func onlyServer(_ client: APIClient) async throws -> String {
        let listed = try await client.get("\(C.v21)/servers").json["servers"]?.arrayValue ?? []
        #expect(listed.count == 1)
        return try #require(listed.first?["id"]?.stringValue, "the accepted server is stored")
    }

    static let buildSteps = ["build.after_port", "build.after_claim", "build.after_bind"]

    @Test(arguments: buildSteps)
    func killedDuringBuild_RestartedServerUndoesIt(failpoint: String) async throws {
        let scenario = try Scenario(waitForAgent: false)
        let first = try scenario.start(failpoint: failpoint)
        let client = APIClient(baseURL: first.baseURL)
        let fixture = try await Self.prepare(client)
        // The build may die before the 202 is written: the server is found by listing afterwards.
        _ = try? await C.postServer(client, flavor: fixture.flavor,
                                    networks: [["port": .string(fixture.port)], ["uuid": .string(fixture.network)]])
        #expect(try await Self.died(first), "the failpoint \(failpoint) killed the server")

        let second = try scenario.start()
        let again = APIClient(baseURL: second.baseURL)
        let id = try await Self.onlyServer(again)
        try await Self.waitFor(again, id, "ERROR") { $0?["status"] == "ERROR" }
        let shown = try await again.get("\(C.v21)/servers/\(id)").json["server"]
        #expect(shown?["fault"]?["message"]?.stringValue?.contains("aborted") == true, "\(shown ?? .null)")
        _ = try second.terminate(signal: SIGTERM)

        let audit = try await StoreAudit.read(scenario.database)
        #expect(audit.servers[id]?.status == "error" && audit.servers[id]?.host == nil)
        #expect(audit.heldDevices.isEmpty, "devices held after \(failpoint): \(audit.heldDevices)")
        #expect(audit.reservedPorts.isEmpty && audit.boundPorts.isEmpty, "ports after \(failpoint): \(audit.reservedPorts)")
        #expect(audit.ports == [fixture.port], "the boot's own port is deleted, the user's is kept")
    }

    @Test func killedRightAfterTheLastBuildStep_ServerStaysActiveWithItsVF() async throws {
        let scenario = try Scenario(waitForAgent: false)
        let first = try scenario.start(failpoint: "build.after_wired")
        let client = APIClient(baseURL: first.baseURL)
        let fixture = try await Self.prepare(client)
        _ = try? await C.postServer(client, flavor: fixture.flavor, networks: [["port": .string(fixture.port)]])
        #expect(try await Self.died(first))
        let second = try scenario.start()
        let again = APIClient(baseURL: second.baseURL)
        let id = try await Self.onlyServer(again)
        try await Task.sleep(for: .seconds(3))  // past the lease: the sweep has run
        let shown = try await again.get("\(C.v21)/servers/\(id)").json["server"]
        #expect(shown?["status"] == "ACTIVE")
        _ = try second.terminate(signal: SIGTERM)
        let audit = try await StoreAudit.read(scenario.database)
        #expect(audit.heldDevices.count == 1 && audit.heldDevices.first?.server == id)
        #expect(audit.reservedPorts == [fixture.port: id])
    }

    @Test(arguments: ["delete.after_mark", "delete.after_ports"])
    func killedDuringDelete_RestartedServerFinishesIt(failpoint: String) async throws {
        let scenario = try Scenario(waitForAgent: false)
        let first = try scenario.start(failpoint: failpoint)
        let client = APIClient(baseURL: first.baseURL)
        let fixture = try await Self.prepare(client)
        let (id, _) = try await C.boot(client, flavor: fixture.flavor,
                                       networks: [["port": .string(fixture.port)], ["uuid": .string(fixture.network)]])
        _ = try? await client.delete("\(C.v21)/servers/\(id)")
        #expect(try await Self.died(first))

        let second = try scenario.start()
        try await Self.waitFor(APIClient(baseURL: second.baseURL), id, "gone") { $0 == nil }
        _ = try second.terminate(signal: SIGTERM)
        let audit = try await StoreAudit.read(scenario.database)
        #expect(audit.servers.isEmpty && audit.heldDevices.isEmpty, "after \(failpoint): \(audit.servers) \(audit.heldDevices)")
        #expect(audit.reservedPorts.isEmpty && audit.boundPorts.isEmpty && audit.ports == [fixture.port])
    }

    @Test func killedBetweenAbsentReportAndFreeing_TheNextReportFreesIt() async throws {
        let scenario = try Scenario(waitForAgent: true)
        let first = try scenario.start(failpoint: "guests.before_purge")
        let client = APIClient(baseURL: first.baseURL)
        let fixture = try await Self.prepare(client)
        let created = try await C.postServer(client, flavor: fixture.flavor, networks: [["port": .string(fixture.port)]])
        let id = try #require(created.json["server"]?["id"]?.stringValue)
        let agent = ScriptedAgent(client: client, host: "compute1")
        try await agent.driveUntilActive(id)
        #expect(try await client.delete("\(C.v21)/servers/\(id)").status == 204)
        _ = try? await agent.pass()
        #expect(try await Self.died(first))

        let second = try scenario.start()
        let again = APIClient(baseURL: second.baseURL)
        let shown = try await again.get("\(C.v21)/servers/\(id)").json["server"]
        #expect(shown?["OS-EXT-STS:task_state"] == "deleting", "still waiting for the agent: \(shown ?? .null)")
        #expect(try await C.devices(again).values.contains { $0["state"] == "allocated" })
        #expect(try await ScriptedAgent(client: again, host: "compute1").pass() == 1)
        #expect(try await again.get("\(C.v21)/servers/\(id)").status == 404)
        _ = try second.terminate(signal: SIGTERM)
        let audit = try await StoreAudit.read(scenario.database)
        #expect(audit.servers.isEmpty && audit.heldDevices.isEmpty && audit.reservedPorts.isEmpty && audit.boundPorts.isEmpty)
    }
}
