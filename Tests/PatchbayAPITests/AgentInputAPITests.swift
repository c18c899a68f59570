import PatchbayCore
import PatchbayTesting
import Testing

/// Every field an agent reports is checked: a bad one is a 400 naming it, and nothing is written.
@Suite("Agent-reported fields are validated")
struct AgentInputAPITests {
    static func agent(_ fields: [String: JSONValue], configurations: [String: JSONValue] = [:]) -> JSONValue {
        var agent: [String: JSONValue] = ["agent_type": "Patchbay agent", "host": "compute-1", "configurations": .object(configurations)]
        agent.merge(fields) { _, new in new }
        return ["agent": .object(agent)]
    }

    static let uuid = "0f6c7a58-3c4b-4a43-9c7e-2f5d9b0e1a77"

    static let cases: [(label: String, method: String, path: String, body: JSONValue?, field: String)] = [
        ("host name", "POST", "/patchbay/v1/agents/report", agent(["host": "bad_host!"]), "agent.host 'bad_host!'"),
        ("long host name", "POST", "/patchbay/v1/agents/report", agent(["host": .string(String(repeating: "a", count: 254))]), "agent.host"),
        ("host not a string", "POST", "/patchbay/v1/agents/report", agent(["host": 7]), "agent.host must be a string"),
        ("binary", "POST", "/patchbay/v1/agents/report", agent(["binary": "two words"]), "agent.binary"),
        ("topic", "POST", "/patchbay/v1/agents/report", agent(["topic": ""]), "agent.topic"),
        ("start_flag", "POST", "/patchbay/v1/agents/report", agent(["start_flag": "yes"]), "agent.start_flag must be a boolean"),
        ("configurations", "POST", "/patchbay/v1/agents/report", agent(["configurations": ["a"]]), "agent.configurations must be an object"),
        ("tunneling_ip unspecified", "POST", "/patchbay/v1/agents/report", agent([:], configurations: ["tunneling_ip": "0.0.0.0"]),
         "configurations.tunneling_ip 0.0.0.0 is unspecified"),
        ("tunneling_ip multicast", "POST", "/patchbay/v1/agents/report", agent([:], configurations: ["tunneling_ip": "239.1.1.1"]),
         "configurations.tunneling_ip 239.1.1.1 is multicast"),
        ("tunneling_ip loopback", "POST", "/patchbay/v1/agents/report", agent([:], configurations: ["tunneling_ip": "::1"]),
         "configurations.tunneling_ip ::1 is loopback"),
        ("tunneling_ip broadcast", "POST", "/patchbay/v1/agents/report",
         agent([:], configurations: ["tunneling_ip": "255.255.255.255"]), "configurations.tunneling_ip 255.255.255.255 is the broadcast"),
        ("tunneling_ip text", "POST", "/patchbay/v1/agents/report", agent([:], configurations: ["tunneling_ip": "compute-2"]),
         "configurations.tunneling_ip 'compute-2' is not an IPv4 or IPv6 address"),
        ("device_mappings", "POST", "/patchbay/v1/agents/report", agent([:], configurations: ["device_mappings": ["physnet1": ["a b"]]]),
         "configurations.device_mappings.physnet1[0]"),
        ("exclude_devices", "POST", "/patchbay/v1/agents/report", agent([:], configurations: ["exclude_devices": ["ens1f0": ["81:02.7"]]]),
         "configurations.exclude_devices.ens1f0[0] must be a PCI address"),
        ("path host", "GET", "/patchbay/v1/hosts/bad_host/desired", nil, "host 'bad_host'"),
        ("inventory path host", "POST", "/patchbay/v1/hosts/-x/inventory", ["vcpus": 1, "memory_mb": 1], "host '-x'"),
        ("vcpus negative", "POST", "/patchbay/v1/hosts/compute-1/inventory", ["vcpus": -1, "memory_mb": 1024], "vcpus must be an integer from 0"),
        ("vcpus text", "POST", "/patchbay/v1/hosts/compute-1/inventory", ["vcpus": "4", "memory_mb": 1024], "vcpus must be an integer"),
        ("memory unbounded", "POST", "/patchbay/v1/hosts/compute-1/inventory", ["vcpus": 4, "memory_mb": .int(1 << 40)],
         "memory_mb must be an integer from 0"),
        ("numa cell", "POST", "/patchbay/v1/hosts/compute-1/inventory", ["vcpus": 4, "memory_mb": 1024, "numa_cells": [["id": -1]]],
         "numa_cells[0].id"),
        ("device vendor", "POST", "/patchbay/v1/hosts/compute-1/inventory", ["vcpus": 4, "memory_mb": 1024, "pci_devices": [
            ["address": "0000:81:00.0", "vendor_id": "vend", "product_id": "1572", "type": "type-PF"]]], "pci_devices[0].vendor_id"),
        ("device address", "POST", "/patchbay/v1/hosts/compute-1/inventory", ["vcpus": 4, "memory_mb": 1024, "pci_devices": [
            ["address": "0000:81:00.0", "vendor_id": "8086", "product_id": "1572", "type": "type-PF"],
            ["address": "0000:81:0x.1", "vendor_id": "8086", "product_id": "1572", "type": "type-PF"]]], "pci_devices[1].address"),
        ("device id", "POST", "/patchbay/v1/hosts/compute-1/devices", ["up": ["not-a-port-id"]], "up[0] 'not-a-port-id' is not a UUID"),
        ("guest id", "POST", "/patchbay/v1/hosts/compute-1/guests", ["running": [.string(uuid), "s1"]], "running[1] 's1' is not a UUID"),
        ("failed key", "POST", "/patchbay/v1/hosts/compute-1/guests", ["failed": ["s1": "boom"]], "failed key 's1' is not a UUID"),
        ("failed reason", "POST", "/patchbay/v1/hosts/compute-1/guests", ["failed": [uuid: ""]], "failed.\(uuid) must be 1-4096"),
        ("absent", "POST", "/patchbay/v1/hosts/compute-1/guests", ["absent": [5]], "'absent' must be a list of server ids"),
    ]

    @Test(arguments: cases.indices)
    func badAgentInput_Fails(index: Int) async throws {
        let item = Self.cases[index]
        let server = try await TestServer.start()
        let client = APIClient(baseURL: server.baseURL)
        do {
            let reply = try await client.send(item.method, item.path, item.body)
            #expect(reply.status == 400, "\(item.label): \(reply.status) \(reply.json)")
            #expect(reply.errorType == "InvalidInput", "\(item.label)")
            #expect(reply.errorMessage?.contains(item.field) == true, "\(item.label): \(reply.errorMessage ?? "")")
            #expect(try await client.get("/network/v2.0/agents").json["agents"] == [], "\(item.label): nothing registered")
            #expect(try await client.get("/patchbay/v1/hosts").json["hosts"] == [], "\(item.label): no host written")
        } catch {
            try? await server.stop()
            throw error
        }
        try await server.stop()
    }

    @Test func aValidReportIsStoredWithItsTunnelEndpointInCanonicalForm() async throws {
        let server = try await TestServer.start()
        let client = APIClient(baseURL: server.baseURL)
        do {
            let reply = try await client.post("/patchbay/v1/agents/report", Self.agent([:], configurations: [
                "tunneling_ip": "2001:DB8:0::11", "tunnel_types": ["vxlan"], "bridge_mappings": ["physnet1": "uplink"]]))
            #expect(reply.status == 200, "\(reply.json)")
            #expect(reply.json["agent"]?["configurations"]?["tunneling_ip"] == "2001:db8::11")
            #expect(reply.json["agent"]?["configurations"]?["bridge_mappings"] == ["physnet1": "uplink"])
        } catch {
            try? await server.stop()
            throw error
        }
        try await server.stop()
    }
}
