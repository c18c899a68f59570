import Foundation
import PatchbayCore
import PatchbayTesting
import Testing

/// `patchbay serve` as an operator runs it: a real process, its ready line, SIGTERM, restart.
@Suite("patchbay serve process", .serialized)
struct ServeProcessTests {
    @Test("prints its address, serves, stops cleanly on SIGTERM, and keeps data across a restart")
    func lifecycle() async throws {
        let database = TestServer.temporaryDatabase()
        let first = try ServeProcess.start(arguments: ["--database", database, "--noauth"])
        let client = APIClient(baseURL: first.baseURL)
        #expect(try await client.get("/healthz").status == 200)
        let created = try await client.post("/network/v2.0/networks", ["network": ["name": "survivor"]])
        #expect(created.status == 201)
        let id = try #require(created.json["network"]?["id"]?.stringValue)

        let status = try first.terminate(signal: SIGTERM)
        #expect(status == 0, "serve should exit 0 after SIGTERM, got \(status)")
        #expect(first.stderr().contains("stopped"))

        let second = try ServeProcess.start(arguments: ["--database", database, "--noauth"])
        defer { _ = try? second.terminate(signal: SIGINT) }
        let shown = try await APIClient(baseURL: second.baseURL).get("/network/v2.0/networks/\(id)")
        #expect(shown.status == 200)
        #expect(shown.json["network"]?["name"]?.stringValue == "survivor")
    }

    @Test("the first start bootstraps identity, prints the generated admin password once, and it works")
    func firstStartBootstrap() async throws {
        let database = TestServer.temporaryDatabase()
        let first = try ServeProcess.start(arguments: ["--database", database])
        defer { _ = try? first.terminate(signal: SIGTERM) }
        let output = first.startupOutput
        #expect(output.contains("clouds:"), "a clouds.yaml entry is printed: \(output)")
        let marker = "generated admin password (shown once): "
        let line = try #require(output.split(separator: "\n").first { $0.contains(marker) })
        let password = String(line.split(separator: " ").last ?? "")
        #expect(password.count >= 16)
        let keystone = KeystoneClient(baseURL: first.baseURL)
        #expect(try await keystone.authenticate(user: "admin", password: password, project: "admin").status == 201)
        #expect(try await keystone.authenticate(user: "admin", password: password + "x", project: "admin").status == 401)
        _ = try first.terminate(signal: SIGTERM)

        let again = try ServeProcess.start(arguments: ["--database", database])
        defer { _ = try? again.terminate(signal: SIGTERM) }
        #expect(!again.startupOutput.contains(marker), "the password is shown only on the first start")
    }

    @Test("PATCHBAY_ADMIN_PASSWORD chooses the bootstrap password and it is not printed")
    func environmentPassword() async throws {
        let process = try ServeProcess.start(arguments: ["--database", TestServer.temporaryDatabase()],
                                             environment: ["PATCHBAY_ADMIN_PASSWORD": "chosen-secret-1"])
        defer { _ = try? process.terminate(signal: SIGTERM) }
        #expect(!process.startupOutput.contains("chosen-secret-1"))
        let reply = try await KeystoneClient(baseURL: process.baseURL).authenticate(user: "admin", password: "chosen-secret-1", project: "admin")
        #expect(reply.status == 201)
    }

    @Test("patchbay bootstrap creates identity without serving and is idempotent")
    func bootstrapCommand() async throws {
        let database = TestServer.temporaryDatabase()
        let first = try ServeProcess.runToExit(arguments: ["bootstrap", "--database", database, "--admin-password", "boot-pw-1"])
        #expect(first.status == 0)
        #expect(first.output.contains("clouds:"))
        #expect(!first.output.contains("boot-pw-1"), "a supplied password is never echoed")
        #expect(first.output.contains("generated password for service user 'patchbay'"))
        let again = try ServeProcess.runToExit(arguments: ["bootstrap", "--database", database])
        #expect(again.status == 0)
        #expect(again.output.contains("already done"))
        let server = try ServeProcess.start(arguments: ["--database", database])
        defer { _ = try? server.terminate(signal: SIGTERM) }
        let login = try await KeystoneClient(baseURL: server.baseURL).authenticate(user: "admin", password: "boot-pw-1", project: "admin")
        #expect(login.status == 201)
    }

    @Test("an invalid config stops the start with the offending entry and the reason")
    func invalidConfig_Fails() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUIDv4.make()).yaml").path
        try "ml2:\n  network_vlan_ranges: [\"physnet1:300:200\"]\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try ServeProcess.runToExit(arguments: ["serve", "--config", path, "--listen", "127.0.0.1:0",
                                                            "--database", TestServer.temporaryDatabase()])
        #expect(result.status != 0)
        #expect(result.output.contains("physnet1:300:200"), "got: \(result.output)")
    }
}
