import Foundation
import Logging
import NIOCore
import NetnsTesting
import PatchbayAPI
import PatchbayAgent
import PatchbayCore
import PatchbayHost
import PatchbayTesting

/// A real server on 127.0.0.1 and one in-process agent with real seams: sysfs from a fixture
/// tree, a file journal, links in a namespace of its own, libvirt's test driver (a private node
/// file, so parallel tests never see each other's guests) — and the stateful FakeNIC where this
/// machine has no SR-IOV.
final class AgentHarness: @unchecked Sendable {
    typealias Agent = HostAgent<FakeNIC, FileVFStateJournal, IPCommandLinks, LibvirtHypervisor>

    static let vfSpec = #"{"vendor_id": "8086", "product_id": "154c", "physical_network": "physnet1"}"#
    static let yaml = ServerConfig.defaultYAML + "\npci:\n  device_spec:\n    - '\(vfSpec)'\n"

    var server: TestServer
    var client: APIClient
    let fixture: SysfsFixture
    let nic: FakeNIC
    let namespace: NetworkNamespace
    let directory: URL
    let hypervisor: LibvirtHypervisor
    var config: AgentConfig

    /// The SR-IOV mapping most tests use.
    static let defaultMappings = AgentMappings(deviceMappings: ["physnet1": ["ens1f0"]])

    init(host: String = "compute-1", mappings: AgentMappings = defaultMappings, tunnelingIP: String? = nil) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-agent-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        fixture = try SysfsFixture(["x710"])
        nic = FakeNIC(["ens1f0": 4])
        namespace = try NetworkNamespace.create(prefix: "pbag")
        hypervisor = try LibvirtHypervisor(uri: LibvirtTestNode.create(in: directory))
        server = try await TestServer.start(yaml: Self.yaml, waitForAgent: true)
        client = APIClient(baseURL: server.baseURL)
        config = AgentConfig(serverURL: server.baseURL, host: host)
        config.stateDirectory = directory.appendingPathComponent("state").path
        config.sysfsRoot = fixture.root.path
        config.namespace = namespace.name
        config.programDirectory = "/run/patchbay-test-bpf-\(namespace.name)"
        config.mappings = mappings
        config.tunnelingIP = tunnelingIP
        config.vcpus = 8
        config.memoryMB = 16384
    }

    /// Runs `body` with a fresh harness and always closes it, even when `body` throws.
    static func run(mappings: AgentMappings = defaultMappings, tunnelingIP: String? = nil,
                    _ body: (AgentHarness) async throws -> Void) async throws {
        let harness = try await AgentHarness(mappings: mappings, tunnelingIP: tunnelingIP)
        do {
            try await body(harness)
        } catch {
            await harness.close()
            throw error
        }
        await harness.close()
    }

    /// A fresh agent process, as after a crash or restart: only the disk, the NIC and the host remain.
    func makeAgent() throws -> Agent {
        try Self.makeAgent(config: config, netlink: nic, hypervisor: hypervisor, timeout: .milliseconds(500))
    }

    /// An in-process agent with the real seams `config` names, `netlink` for the NIC, and a short
    /// server timeout so passes during an outage stay quick; `server` replaces the HTTP control plane.
    static func makeAgent<NIC: NetlinkVF, Guests: Hypervisor>(
        config: AgentConfig, netlink: NIC, hypervisor: Guests, timeout: TimeAmount, server: (any ControlPlane)? = nil
    ) throws -> HostAgent<NIC, FileVFStateJournal, IPCommandLinks, Guests> {
        var seams = HostSeams(sysfs: LinuxSysfs(root: config.sysfsRoot), netlink: netlink,
                              journal: try FileVFStateJournal(directory: config.stateDirectory + "/vf-originals"),
                              links: IPCommandLinks(namespace: config.namespace, programDirectory: config.programDirectory),
                              hypervisor: hypervisor)
        seams.mirroring = LinuxPortMirroring(namespace: config.namespace, programDirectory: config.programDirectory)
        var logger = Logger(label: "test-agent-\(config.host)")
        logger.logLevel = .critical
        return HostAgent(config: config, seams: seams,
                         server: server ?? HTTPControlPlane(baseURL: config.serverURL, credentials: config.credentials, timeout: timeout),
                         logger: logger)
    }

    /// Unmounts and removes a test's bpffs directory.
    static func removeProgramDirectory(_ path: String) {
        _ = try? Shell.run("/usr/bin/umount", [path])
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Registers the agent and reports the host.
    func register(_ agent: Agent) async {
        await agent.syncInventory()
        await agent.heartbeat()
    }

    /// Runs passes until `done` holds for a pass's result (at most `passes` times).
    @discardableResult
    func converge<NIC: NetlinkVF, Guests: Hypervisor>(
        _ agent: HostAgent<NIC, FileVFStateJournal, IPCommandLinks, Guests>, passes: Int = 6,
        until done: (PassResult) async throws -> Bool
    ) async throws -> PassResult {
        var last = PassResult()
        for _ in 0..<passes {
            last = await agent.pass()
            if try await done(last) { return last }
        }
        return last
    }

    /// A VLAN network on physnet1, a direct port on it, a flavor, and a server booted on the port.
    func bootDirectServer(vlan: Int = 101) async throws -> (server: String, port: String) {
        let network = try await client.post("/network/v2.0/networks", ["network": [
            "name": .string("n\(vlan)"), "provider:network_type": "vlan", "provider:physical_network": "physnet1",
            "provider:segmentation_id": .int(vlan)]])
        let networkId = try require(network.json["network"]?["id"]?.stringValue, network)
        let port = try await client.post("/network/v2.0/ports", ["port": [
            "network_id": .string(networkId), "binding:vnic_type": "direct"]])
        let portId = try require(port.json["port"]?["id"]?.stringValue, port)
        let flavor = try await client.post("/compute/v2.1/flavors", ["flavor": [
            "name": .string("f-\(UUID().uuidString.prefix(6))"), "ram": 64, "vcpus": 1, "disk": 0]])
        let flavorId = try require(flavor.json["flavor"]?["id"]?.stringValue, flavor)
        let created = try await client.post("/compute/v2.1/servers", ["server": [
            "name": "vm", "flavorRef": .string(flavorId), "imageRef": "", "networks": [["port": .string(portId)]]]])
        let serverId = try require(created.json["server"]?["id"]?.stringValue, created)
        for _ in 0..<200 {
            let shown = try await serverBody(serverId)
            if shown["OS-EXT-STS:task_state"]?.stringValue == "spawning" || shown["status"]?.stringValue != "BUILD" { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        return (serverId, portId)
    }

    func serverBody(_ id: String) async throws -> JSONValue {
        try await client.get("/compute/v2.1/servers/\(id)").json["server"] ?? .null
    }

    func portBody(_ id: String) async throws -> JSONValue {
        try await client.get("/network/v2.0/ports/\(id)").json["port"] ?? .null
    }

    /// Stops the server, removes the namespace, the bpffs mount and the files.
    func close() async {
        try? await server.stop()
        namespace.delete()
        Self.removeProgramDirectory(config.programDirectory)
        try? FileManager.default.removeItem(at: directory)
    }

    private func require(_ value: String?, _ reply: APIClient.Reply) throws -> String {
        guard let value else { throw NetnsError("unexpected reply \(reply.status): \(JSONWriter.string(reply.json))") }
        return value
    }
}
