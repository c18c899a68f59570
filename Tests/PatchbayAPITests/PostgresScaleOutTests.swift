import Foundation
import Logging
import NetnsTesting
import PatchbayCore
import PatchbayPostgres
import PatchbayStore
import PatchbayTesting
import Testing

/// Several `patchbay serve` processes on one PostgreSQL database: they migrate and bootstrap
/// once when started together, see each other's writes, wake each other's long-polls, race
/// fairly for the last VF and honour each other's token revocations.
@Suite(.requires(TestDatabase.postgresURL != nil, "PostgreSQL (PATCHBAY_TEST_POSTGRES, started by scripts/test.sh)"))
struct PostgresScaleOutTests {
    typealias C = ComputeAPI
    typealias B = ServerBootAPI

    /// `count` servers on one fresh schema, started at the same time; always stopped.
    static func withServers(_ count: Int, tokens: Bool = false,
                            _ body: ([TestServer], String) async throws -> Void) async throws {
        let database = TestDatabase.freshSchema(in: try #require(TestDatabase.postgresURL))
        let servers = try await withThrowingTaskGroup(of: TestServer.self) { group in
            for _ in 0..<count { group.addTask { try await TestServer.start(yaml: C.yaml(), databasePath: database, tokens: tokens) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        do { try await body(servers, database) } catch { Issue.record(error) }
        for server in servers { try await server.stop() }
    }

    /// The rows of `sql`'s one text or integer column, read through a connection of the test's own.
    static func column(_ database: String, _ sql: String, _ name: String) async throws -> [String] {
        let store = try await DatabaseOpener.open(database, logger: Logger(label: "scale-out-test"))
        let rows = try await store.withSession { db in try await db.raw(SQLQueryString(sql)).all() }
        try await store.close()
        return rows.map { row in row[name].text ?? row[name].integer.map(String.init) ?? "NULL" }
    }

    @Test func aSchemaTooLongForItsChannelIsRefusedAtStart_AShortOneOpens() async throws {
        let url = try #require(TestDatabase.postgresURL)
        let long = "t" + String(repeating: "x", count: 55)
        await #expect { try await DatabaseOpener.open("\(url)?search_path=\(long)", logger: Logger(label: "test")) } throws: { error in
            "\(error)".contains("too long")
        }
        let store = try await DatabaseOpener.open("\(url)?search_path=t\(String(repeating: "y", count: 53))", logger: Logger(label: "test"))
        try await store.close()
    }

    @Test func threeServersStartingTogetherMigrateAndBootstrapOnce() async throws {
        try await Self.withServers(3) { _, database in
            let versions = try await Self.column(database, "SELECT version FROM schema_migrations ORDER BY version", "version")
            #expect(versions == (1...9).map(String.init), "each step applied exactly once")
            let stores = try await Self.column(database, "SELECT id FROM image_stores", "id")
            #expect(stores.count == 1, "one image store id, which all three servers keep their files under")
            let admins = try await Self.column(database, "SELECT name FROM users WHERE name = 'admin'", "name")
            #expect(admins == ["admin"], "one bootstrap admin")
        }
    }

    @Test func aWriteThroughOneServerIsReadAndWakesALongPollOnTheOther() async throws {
        try await Self.withServers(2) { servers, _ in
            let (a, b) = (APIClient(baseURL: servers[0].baseURL), APIClient(baseURL: servers[1].baseURL))
            try await C.fixtureHost(a)
            let path = "/patchbay/v1/hosts/compute1/desired"
            let first = try await b.get(path)
            #expect(first.status == 200)
            var polling = b
            polling.headers["If-None-Match"] = try #require(first.headers["etag"])
            let (network, _) = try await B.vlanNetwork(a)
            #expect(try await b.get("/network/v2.0/networks/\(network)").status == 200, "B reads A's network")
            let poll = Task { try await polling.get(path + "?wait=20") }
            try await Task.sleep(for: .milliseconds(300))
            let started = ContinuousClock.now
            let port = try await a.post("/network/v2.0/ports", ["port": [
                "network_id": .string(network), "binding:vnic_type": "direct", "binding:host_id": "compute1"]])
            let portId = try #require(port.json["port"]?["id"]?.stringValue, "\(port.json)")
            let answered = try await poll.value
            #expect(answered.status == 200, "B's poll is woken by A's commit, not by its 20 s wait")
            #expect(ContinuousClock.now - started < .seconds(10))
            #expect((answered.json["desired"]?["ports"]?.arrayValue ?? []).contains { $0["id"]?.stringValue == portId })
        }
    }

    @Test(.timeLimit(.minutes(4)))
    func sixtyFourBootsSplitOverTwoServersRaceForSixteenVFs_EachVFHeldOnce() async throws {
        try await Self.withServers(2) { servers, database in
            let clients = servers.map { APIClient(baseURL: $0.baseURL) }
            try await C.fixtureHost(clients[0], vfs: 16)
            let flavor = try await C.flavor(clients[0], ram: 256, vcpus: 1)
            let (network, _) = try await B.vlanNetwork(clients[0])
            var ports: [String] = []
            for _ in 0..<64 { ports.append(try await B.port(clients[1], network: network)) }
            let ids = try await withThrowingTaskGroup(of: String?.self) { group in
                for (index, port) in ports.enumerated() {
                    group.addTask {
                        let reply = try await C.postServer(clients[index % 2], name: "race-\(index)", flavor: flavor,
                                                           networks: [["port": .string(port)]])
                        return reply.json["server"]?["id"]?.stringValue
                    }
                }
                return try await group.reduce(into: [String]()) { if let id = $1 { $0.append(id) } }
            }
            #expect(ids.count == 64)
            var statuses: [String: String] = [:]
            for id in ids { statuses[id] = try await C.waitForServer(clients[0], id)["status"]?.stringValue }
            #expect(statuses.values.filter { $0 == "ACTIVE" }.count == 16, "\(statuses.values.sorted())")
            #expect(statuses.values.filter { $0 == "ERROR" }.count == 48, "the losers fail cleanly: \(statuses.values.sorted())")
            let holders = try await Self.column(database, "SELECT server_id FROM pci_devices WHERE state IN ('claimed', 'allocated')", "server_id")
            #expect(holders.count == 16 && Set(holders).count == 16, "sixteen VFs, each held by one server: \(holders)")
            #expect(Set(holders) == Set(statuses.filter { $0.value == "ACTIVE" }.keys))
            let ram = try await Self.column(database, "SELECT SUM(ram_mb) AS ram FROM servers WHERE host IS NOT NULL", "ram")
            #expect(ram == ["4096"], "RAM is held by the sixteen winners only")
        }
    }

    @Test func aHostReportedThroughOneServerIsScheduledByABootThroughTheOther() async throws {
        try await Self.withServers(2) { servers, _ in
            let (a, b) = (APIClient(baseURL: servers[0].baseURL), APIClient(baseURL: servers[1].baseURL))
            let flavor = try await C.flavor(b, ram: 256, vcpus: 1)
            let (network, _) = try await B.vlanNetwork(b)
            // Before any host is reported: a boot through B has nowhere to go.
            let (early, _) = try await C.boot(b, name: "early", flavor: flavor, networks: [["port": .string(try await B.port(b, network: network))]],
                                              status: "ERROR")
            #expect(!early.isEmpty)
            try await C.fixtureHost(a, vfs: 1)
            let (id, server) = try await C.boot(b, name: "late", flavor: flavor, networks: [["port": .string(try await B.port(b, network: network))]])
            #expect(server["OS-EXT-SRV-ATTR:host"] == "compute1", "B placed it on the host A took the report of: \(server)")
            let held = try await C.devices(a).values.filter { $0["state"] == "allocated" }
            #expect(held.map { $0["server_id"] } == [.string(id)], "A sees B's claim: \(held)")
        }
    }

    @Test func aTokenRevokedThroughOneServerIsRefusedByTheOther() async throws {
        try await Self.withServers(2, tokens: true) { servers, _ in
            let a = try await KeystoneClient(baseURL: servers[0].baseURL).admin()
            let token = try #require(a.headers["X-Auth-Token"])
            var b = APIClient(baseURL: servers[1].baseURL)
            b.headers["X-Auth-Token"] = token
            #expect(try await b.get("/network/v2.0/networks").status == 200, "B validates (and caches) A's token")
            var revoke = a
            revoke.headers["X-Subject-Token"] = token
            #expect(try await revoke.send("DELETE", "/identity/v3/auth/tokens").status == 204)
            var refused = false
            for _ in 0..<50 where !refused {
                refused = try await b.get("/network/v2.0/networks").status == 401
                if !refused { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(refused, "B refuses the token within a second of its revocation through A")
        }
    }
}
