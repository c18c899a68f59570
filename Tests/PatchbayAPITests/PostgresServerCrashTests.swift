import Foundation
import NetnsTesting
import PatchbayCore
import PatchbayTesting
import Testing

/// Two `patchbay serve` processes on one PostgreSQL database; one is killed (SIGKILL at a build
/// step) in the middle of 20 boots it accepted. The other takes over each build once its lease
/// runs out: every server ends ACTIVE or ERROR, and the store holds devices, RAM and ports for
/// the ACTIVE ones only.
@Suite(.serialized, .requires(TestDatabase.postgresURL != nil, "PostgreSQL (PATCHBAY_TEST_POSTGRES, started by scripts/test.sh)"))
struct PostgresServerCrashTests {
    typealias C = ComputeAPI
    typealias B = ServerBootAPI

    @Test(arguments: ["build.after_claim", "build.after_bind"])
    func oneServerKilledAmidTwentyBoots_TheOtherFinishesOrFailsEachCleanly(failpoint: String) async throws {
        let database = TestDatabase.freshSchema(in: try #require(TestDatabase.postgresURL))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pb-pg-crash-\(UUIDv4.make())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("patchbay.yaml").path
        let images = directory.appendingPathComponent("images").path
        try (C.yaml() + "\ncompute:\n  wait_for_agent: false\n  build_lease: 2\nimage:\n  directory: \(images)\n")
            .write(toFile: config, atomically: true, encoding: .utf8)
        let arguments = ["--noauth", "--log-level", "warning", "--config", config, "--database", database]
        let survivor = try ServeProcess.start(arguments: arguments)
        defer { _ = try? survivor.terminate(signal: SIGKILL) }
        let doomed = try ServeProcess.start(arguments: arguments, environment: ["PATCHBAY_FAILPOINTS": failpoint])
        defer { _ = try? doomed.terminate(signal: SIGKILL) }
        let (a, b) = (APIClient(baseURL: doomed.baseURL), APIClient(baseURL: survivor.baseURL))

        try await C.fixtureHost(b, vfs: 8)
        let flavor = try await C.flavor(b, ram: 256, vcpus: 1)
        let (network, _) = try await B.vlanNetwork(b)
        var ports: [String] = []
        for _ in 0..<20 { ports.append(try await B.port(b, network: network)) }
        await withTaskGroup(of: Void.self) { group in
            for (index, port) in ports.enumerated() {
                group.addTask { _ = try? await C.postServer(a, name: "boot-\(index)", flavor: flavor, networks: [["port": .string(port)]]) }
            }
        }
        #expect(try await CrashRecoveryProcessTests.died(doomed), "\(failpoint) killed the first server")

        var servers: [JSONValue] = []
        for _ in 0..<200 {
            servers = try await b.get("\(C.v21)/servers/detail").json["servers"]?.arrayValue ?? []
            if !servers.isEmpty, !servers.contains(where: { $0["status"] == "BUILD" }) { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(!servers.isEmpty && servers.allSatisfy { $0["status"] == "ACTIVE" || $0["status"] == "ERROR" },
                "every accepted boot ends ACTIVE or ERROR: \(servers.map { $0["status"] ?? .null })")
        #expect(servers.contains { $0["status"] == "ERROR" }, "the killed server's builds were taken over and undone")
        let active = Set(servers.filter { $0["status"] == "ACTIVE" }.compactMap { $0["id"]?.stringValue })
        _ = try survivor.terminate(signal: SIGTERM)

        let audit = try await StoreAudit.read(database)
        #expect(audit.servers.values.allSatisfy { $0.status == "active" || $0.status == "error" }, "\(audit.servers)")
        #expect(Set(audit.heldDevices.compactMap(\.server)) == active && audit.heldDevices.count == active.count,
                "VFs held by the ACTIVE servers only, one each: \(audit.heldDevices)")
        #expect(audit.ramByHost.values.reduce(0, +) == active.count * 256, "RAM claimed by the ACTIVE servers only")
        #expect(Set(audit.reservedPorts.values).isSubset(of: active), "no port reserved by a failed boot: \(audit.reservedPorts)")
        #expect(audit.boundPorts.count == active.count, "bound ports are the ACTIVE servers' ones")
    }
}
