import Foundation
import NetnsTesting
import PatchbayCore
import PatchbayTesting
import Testing

/// A `patchbay agent` process driving real KVM guests on `qemu:///system` in the root namespace
/// (where QEMU opens taps), with a VLAN physnet bridged to a veth uplink whose far end is in a
/// namespace of its own. Every name carries a random suffix; `tearDown()` removes the guests,
/// every link the agents recorded as theirs, the uplink, the namespace and the bpffs.
final class KVMAgentProcess: @unchecked Sendable {
    let host: String
    let physnet: String
    let uplink: String
    /// A second physnet whose ports the agent wires as macvtaps on `macvtapUplink` (flat).
    let macvtapPhysnet: String
    let macvtapUplink: String
    let trunk: NetworkNamespace
    let directory: URL
    let pins = TemporaryMountPoint()
    let server: TestServer
    let admin: APIClient
    private let authYAML: String
    private(set) var agent: Process?
    /// Every agent process started, so `tearDown()` leaves none running.
    private var started: [Process] = []
    /// The servers booted in the lab, whose domains `tearDown()` removes whatever happened.
    var servers: [String] = []

    /// Runs `body` with a fresh lab and always tears it down; an error becomes a test issue.
    static func run(_ body: (KVMAgentProcess) async throws -> Void) async throws {
        let lab = try await KVMAgentProcess()
        do { try await body(lab) } catch { Issue.record(error) }
        await lab.tearDown()
    }

    init() async throws {
        let suffix = NetworkNamespace.uniqueSuffix()
        host = "kvm-" + suffix
        physnet = "pk" + suffix
        uplink = "pbku" + suffix
        macvtapPhysnet = "pm" + suffix
        macvtapUplink = "pbkm" + suffix
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-kvm-agent-\(suffix)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        trunk = try NetworkNamespace.create(prefix: "pbkat")
        try Shell.ip("link", "add", uplink, "type", "veth", "peer", "name", "trunk0", "netns", trunk.name)
        try Shell.ip("link", "set", "dev", uplink, "up")
        try Shell.ip("link", "add", macvtapUplink, "type", "veth", "peer", "name", "trunk1", "netns", trunk.name)
        try Shell.ip("link", "set", "dev", macvtapUplink, "up")
        _ = try trunk.ip("link", "set", "dev", "trunk1", "up")  // a macvtap needs its lower device's carrier
        let yaml = AgentHarness.yaml.replacingOccurrences(
            of: #"network_vlan_ranges: ["physnet1:100:199"]"#,
            with: #"network_vlan_ranges: ["physnet1:100:199", "\#(physnet):300:399"]"#)
        server = try await TestServer.start(yaml: yaml, tokens: true, waitForAgent: true)
        let keystone = KeystoneClient(baseURL: server.baseURL)
        admin = try await keystone.admin()
        authYAML = try await keystone.mintHostCredential(host, admin: admin).authYAML
    }

    /// Starts the agent, with `failpoint` armed when given.
    func start(failpoint: String? = nil) throws {
        let config = directory.appendingPathComponent("agent.yaml").path
        try """
            agent:
              host: \(host)
              report_interval: 1
              poll_interval: 1
              state_dir: \(directory.path)/state
              libvirt_uri: "\(QEMUHost.uri)"
              bpf_dir: \(pins.path)
              vcpus: 4
              memory_mb: 4096
            \(authYAML)linux_bridge:
              bridge_mappings: ["\(physnet):\(uplink)"]
            macvtap:
              physical_interface_mappings: ["\(macvtapPhysnet):\(macvtapUplink)"]
            """.write(toFile: config, atomically: true, encoding: .utf8)
        // Two agents for one host would fight over its guests: one still running (its failpoint
        // never hit) is killed first.
        if let agent, agent.isRunning { Self.kill(agent) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: PatchbayBinary.path)
        process.arguments = ["agent", "--config", config, "--server", server.baseURL, "--log-level", "info"]
        process.environment = failpoint.map { ["PATCHBAY_FAILPOINTS": $0] } ?? [:]
        if !FileManager.default.fileExists(atPath: logPath) { FileManager.default.createFile(atPath: logPath, contents: nil) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        handle.seekToEndOfFile()
        // Nothing of the test process's own standard streams: an agent outliving a failed test
        // must not hold the test runner's output pipe open.
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        agent = process
        started.append(process)
    }

    private var logPath: String { directory.appendingPathComponent("agent.log").path }

    /// The last lines the lab's agents logged, for a failure's message.
    func agentLog(lines: Int = 40) -> String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return "agent log (last \(lines) lines):\n" + text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    private static func kill(_ process: Process) {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// True once the agent died by SIGKILL (its failpoint), waiting up to 30 s.
    func agentWasKilled() async throws -> Bool {
        guard let agent else { return false }
        for _ in 0..<600 where agent.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        return !agent.isRunning && agent.terminationReason == .uncaughtSignal && agent.terminationStatus == SIGKILL
    }

    /// Stops the agent with SIGTERM and waits for it.
    func stopAgent() async throws {
        guard let agent, agent.isRunning else { return }
        agent.terminate()
        for _ in 0..<300 where agent.isRunning { try await Task.sleep(for: .milliseconds(50)) }
    }

    /// A VLAN network on the lab's physnet, a flavor, and `ports` normal ports on the network.
    func prepare(ports: Int) async throws -> (flavor: String, network: String, ports: [String]) {
        let network = try await admin.post("/network/v2.0/networks", ["network": [
            "name": "kvm", "provider:network_type": "vlan", "provider:physical_network": .string(physnet),
            "provider:segmentation_id": 301]])
        let networkId = try #require(network.json["network"]?["id"]?.stringValue, "\(network.status) \(network.json)")
        var ids: [String] = []
        for _ in 0..<ports {
            let port = try await admin.post("/network/v2.0/ports", ["port": ["network_id": .string(networkId)]])
            ids.append(try #require(port.json["port"]?["id"]?.stringValue))
        }
        let flavor = try await admin.post("/compute/v2.1/flavors", ["flavor": ["name": "kvm64", "ram": 64, "vcpus": 1, "disk": 0]])
        return (try #require(flavor.json["flavor"]?["id"]?.stringValue), networkId, ids)
    }

    /// The server's JSON, or nil once it is gone.
    func server(_ id: String) async throws -> JSONValue? {
        let reply = try await admin.get("/compute/v2.1/servers/\(id)")
        return reply.status == 404 ? nil : reply.json["server"]
    }

    /// Polls the server until `done` holds (up to 60 s); true when it did.
    func waitFor(_ id: String, _ done: (JSONValue?) -> Bool) async throws -> Bool {
        for _ in 0..<600 {
            if done(try await server(id)) { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// The domains of server `id` on qemu:///system, as `virsh list --all` names them, and whether each runs.
    func domains(of id: String) throws -> [(name: String, running: Bool)] {
        let name = DomainNaming.name(for: id)
        let all = try Shell.run("/usr/bin/virsh", ["-c", QEMUHost.uri, "list", "--all", "--name"])
        let running = try Shell.run("/usr/bin/virsh", ["-c", QEMUHost.uri, "list", "--name"])
        return all.split(separator: "\n").map(String.init).filter { $0 == name }
            .map { ($0, running.split(separator: "\n").contains(Substring($0))) }
    }

    /// Waits (up to 30 s) until the agent has reported its host, so a boot can be placed there.
    func waitForHost() async throws {
        for _ in 0..<300 {
            let hosts = try await admin.get("/patchbay/v1/hosts").json["hosts"]?.arrayValue ?? []
            if hosts.contains(where: { $0["host"]?.stringValue == host || $0["name"]?.stringValue == host }) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Where the agent lays out server `id`'s files (its default instances directory).
    func instancePaths(_ id: String) -> InstancePaths {
        InstancePaths(root: directory.path + "/state/instances", serverId: id)
    }

    /// Whether a link exists in the root namespace.
    func linkExists(_ name: String) -> Bool { QEMUHost.ifindex(of: name) != nil }

    func tearDown() async {
        try? await stopAgent()
        for process in started where process.isRunning { Self.kill(process) }
        for id in servers {
            _ = try? Shell.run("/usr/bin/virsh", ["-c", QEMUHost.uri, "destroy", DomainNaming.name(for: id)])
            _ = try? Shell.run("/usr/bin/virsh", ["-c", QEMUHost.uri, "undefine", DomainNaming.name(for: id)])
        }
        let owned = (try? String(contentsOfFile: directory.path + "/state/owned-links", encoding: .utf8)) ?? ""
        for link in owned.split(separator: "\n") { _ = try? Shell.ip("link", "del", "dev", String(link)) }
        _ = try? Shell.ip("link", "del", "dev", uplink)
        _ = try? Shell.ip("link", "del", "dev", macvtapUplink)
        trunk.delete()
        pins.remove()
        try? await server.stop()
        if ProcessInfo.processInfo.environment["PATCHBAY_KEEP_LAB"] == nil { try? FileManager.default.removeItem(at: directory) }
    }
}
