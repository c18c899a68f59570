import Foundation
import Logging
import NetnsTesting
import NIOCore
import PatchbayAPI
import PatchbayAgent
import PatchbayCore
import PatchbayHost
import PatchbayTesting

/// Two compute "hosts" (namespaces) whose uplinks meet in a "switch" namespace, each with its own
/// in-process agent against one real server; guests are namespaces plugged through the taps the
/// test creates as a hypervisor would, and the agents wire. Everything is deleted on close.
final class TwoHostLab: @unchecked Sendable {
    typealias Agent = HostAgent<FakeNIC, FileVFStateJournal, IPCommandLinks, LibvirtHypervisor>

    let server: TestServer
    let client: APIClient
    let switchNamespace: NetworkNamespace
    let hosts: [NetworkNamespace]
    var agents: [Agent] = []
    var guests: [NetworkNamespace] = []
    let directory: URL
    let programDirectory: String

    static func run(_ body: (TwoHostLab) async throws -> Void) async throws {
        let lab = try await TwoHostLab()
        do { try await body(lab) } catch {
            await lab.close()
            throw error
        }
        await lab.close()
    }

    private init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-lab-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("sys/bus/pci/devices"),
                                                withIntermediateDirectories: true)
        let libvirtURI = try LibvirtTestNode.create(in: directory)
        server = try await TestServer.start(waitForAgent: true)
        client = APIClient(baseURL: server.baseURL)
        switchNamespace = try NetworkNamespace.create(prefix: "pbsw")
        hosts = [try NetworkNamespace.create(prefix: "pbh"), try NetworkNamespace.create(prefix: "pbh")]
        programDirectory = "/run/patchbay-test-bpf-\(switchNamespace.name)"
        try switchNamespace.addBridge("sw0")
        for (index, host) in hosts.enumerated() {
            for (uplink, port) in [("uplink", "sw\(index)a"), ("uplink2", "sw\(index)b")] {
                try host.addVeth(uplink, peer: port, in: switchNamespace)
                try switchNamespace.enslave(port, to: "sw0")
            }
            try host.addAddress("192.0.2.\(index + 1)/24", to: "uplink")
            var config = AgentConfig(serverURL: server.baseURL, host: "host-\(index)")
            config.stateDirectory = directory.appendingPathComponent("state-\(index)").path
            config.sysfsRoot = directory.path
            config.namespace = host.name
            config.programDirectory = programDirectory
            config.mappings = AgentMappings(interfaceMappings: ["physnet2": "uplink2"], bridgeMappings: ["physnet1": "uplink"])
            config.tunnelingIP = "192.0.2.\(index + 1)"
            config.vcpus = 4
            config.memoryMB = 8192
            let agent = try AgentHarness.makeAgent(config: config, netlink: FakeNIC([:]),
                                                   hypervisor: try LibvirtHypervisor(uri: libvirtURI), timeout: .seconds(2))
            await agent.syncInventory()
            await agent.heartbeat()
            agents.append(agent)
        }
    }

    /// A network of the given provider type; returns its id.
    func network(_ type: String, physnet: String? = nil, segment: Int? = nil) async throws -> String {
        var body: [String: JSONValue] = ["name": .string("\(type)-\(segment ?? 0)"), "provider:network_type": .string(type)]
        if let physnet { body["provider:physical_network"] = .string(physnet) }
        if let segment { body["provider:segmentation_id"] = .int(segment) }
        let reply = try await client.post("/network/v2.0/networks", ["network": .object(body)])
        guard let id = reply.json["network"]?["id"]?.stringValue else { throw NetnsError("network: \(JSONWriter.string(reply.json))") }
        return id
    }

    /// A normal port on `network` bound to host `index`; returns the port.
    func boundPort(network: String, host index: Int) async throws -> JSONValue {
        let reply = try await client.post("/network/v2.0/ports", ["port": [
            "network_id": .string(network), "binding:host_id": .string("host-\(index)")]])
        guard let port = reply.json["port"], port["binding:vif_type"]?.stringValue != "binding_failed" else {
            throw NetnsError("port: \(JSONWriter.string(reply.json))")
        }
        return port
    }

    /// Plays the guest's NIC: a veth named as the port's tap in the host, whose peer is a guest's
    /// eth0 with `cidr`. Plug before the agent's first pass: the agent wires a device that exists
    /// under the tap's name, and creates a real tap only when none does.
    func plugGuest(port: JSONValue, host index: Int, cidr: String) throws -> NetworkNamespace {
        let guest = try NetworkNamespace.create(prefix: "pbg")
        guests.append(guest)
        let tap = "tap" + String((port["id"]?.stringValue ?? "").prefix(11))
        try hosts[index].addVeth(tap, peer: "eth0", in: guest)
        try guest.addAddress(cidr, to: "eth0")
        return guest
    }

    /// Runs a pass on every agent, `rounds` times.
    func converge(rounds: Int = 2) async {
        for _ in 0..<rounds { for agent in agents { await agent.pass() } }
    }

    func portStatus(_ port: JSONValue) async throws -> String? {
        try await client.get("/network/v2.0/ports/\(port["id"]?.stringValue ?? "")").json["port"]?["status"]?.stringValue
    }

    func close() async {
        try? await server.stop()
        for namespace in guests + hosts + [switchNamespace] { namespace.delete() }
        AgentHarness.removeProgramDirectory(programDirectory)
        try? FileManager.default.removeItem(at: directory)
    }
}
