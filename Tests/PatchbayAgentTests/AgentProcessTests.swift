import Foundation
import NetnsTesting
import PatchbayAPI
import PatchbayAgent
import PatchbayCore
import PatchbayTesting
import Testing

@Suite("patchbay agent runs as a process with its host's credential and stops gracefully",
       .requires(NetworkNamespace.isAvailable, "root and ip netns"))
struct AgentProcessTests {
    @Test func registersWithATokenReportsTheHostAndExitsCleanlyOnSIGTERM() async throws {
        let server = try await TestServer.start(yaml: AgentHarness.yaml, tokens: true, waitForAgent: true)
        let fixture = try SysfsFixture(["x710", "qat"])
        let namespace = try NetworkNamespace.create(prefix: "pbcli")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let process = Process()
        defer {
            if process.isRunning { process.terminate() }
            namespace.delete()
            try? FileManager.default.removeItem(at: directory)
        }
        let libvirtURI = try LibvirtTestNode.create(in: directory)
        let keystone = KeystoneClient(baseURL: server.baseURL)
        let admin = try await keystone.admin()
        // The credential's reply is pasted into the auth block as it is.
        let credential = try await keystone.mintHostCredential("cli-host", admin: admin)
        let config = directory.appendingPathComponent("agent.yaml").path
        try """
            agent:
              host: cli-host
              report_interval: 1
              poll_interval: 1
              state_dir: \(directory.path)/state
              libvirt_uri: "\(libvirtURI)"
              namespace: \(namespace.name)
              vcpus: 4
              memory_mb: 4096
            \(credential.authYAML)sriov_nic:
              physical_device_mappings: ["physnet1:ens1f0"]
              exclude_devices: ["ens1f0:0000:81:02.3"]
            """.write(toFile: config, atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: PatchbayBinary.path)
        process.arguments = ["agent", "--config", config, "--server", server.baseURL, "--sysfs-root", fixture.root.path,
                             "--log-level", "notice"]
        process.environment = [:]
        let errors = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        var agents: [JSONValue] = []
        var devices: [JSONValue] = []
        for _ in 0..<100 {
            agents = try await admin.get("/network/v2.0/agents?host=cli-host").json["agents"]?.arrayValue ?? []
            devices = try await admin.get("/patchbay/v1/hosts/cli-host/pci_devices").json["devices"]?.arrayValue ?? []
            if !agents.isEmpty && !devices.isEmpty { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(agents.first?["alive"] == true)
        #expect(agents.first?["configurations"]?["exclude_devices"]?["ens1f0"] == ["0000:81:02.3"])
        // The device spec makes the X710's VFs assignable; the excluded one is not reported at all.
        #expect(devices.compactMap { $0["address"]?.stringValue } == ["0000:81:02.0", "0000:81:02.1", "0000:81:02.2"])
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(!process.isRunning)
        #expect(process.terminationStatus == 0)
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("agent stopped"))
        try await server.stop()
    }

    @Test func refusedServiceCredentialsSayWhatToCheck_Fails() async throws {
        let server = try await TestServer.start(tokens: true)
        let plane = HTTPControlPlane(baseURL: server.baseURL, credentials: AgentCredentials(
            authURL: server.baseURL + "/identity/v3", username: "patchbay", password: "wrong"))
        await #expect {
            try await plane.reportAgent(["agent": ["agent_type": "Patchbay agent", "host": "h1"]])
        } throws: { error in
            let message = (error as? PatchbayError)?.message ?? ""
            return message.contains("answered 401") && message.contains("check auth.username, auth.password")
        }
        try await server.stop()
    }

    @Test func aBrokenConfigIsRefusedNamingTheSetting_Fails() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-cli-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: directory) }
        try "agent:\n  host: h\n  report_interval: -1\n".write(to: directory, atomically: true, encoding: .utf8)
        let (status, output) = try ProcessRunner.run(PatchbayBinary.path, ["agent", "--config", directory.path, "--server", "http://127.0.0.1:1"])
        #expect(status != 0)
        #expect(output.contains("agent.report_interval and agent.poll_interval: must be positive"))
    }
}
