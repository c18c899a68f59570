import PatchbayAPI
import PatchbayCore
import PatchbayTesting
import Testing

/// Shared helpers for the compute API suites: config, fixture hosts, inventory reports, agents, polling.
enum ComputeAPI {
    static let v21 = "/compute/v2.1"
    static let patchbay = "/patchbay/v1"

    /// The fixture host's PF.
    static let pfAddress = "0000:81:00.0"
    /// The device spec making the fixture's VFs assignable on physnet1.
    static let vfSpec = #"{"vendor_id": "8086", "product_id": "154c", "physical_network": "physnet1"}"#
    /// The device spec making the fixture's PF assignable on physnet1.
    static let pfSpec = #"{"address": "0000:81:00.0", "physical_network": "physnet1"}"#

    /// Runs `body` against a fresh server and always stops it, even when `body` throws.
    static func withServer(yaml: String = ComputeAPI.yaml(), clock: ManualClock = ManualClock(), waitForAgent: Bool = false,
                           _ body: (TestServer, APIClient) async throws -> Void) async throws {
        let server = try await TestServer.start(yaml: yaml, clock: clock, waitForAgent: waitForAgent)
        let client = APIClient(baseURL: server.baseURL)
        do {
            try await body(server, client)
        } catch {
            try? await server.stop()
            throw error
        }
        try await server.stop()
    }

    /// A config with these `pci:` entries (JSON strings, as pasted from nova.conf) and scheduler
    /// settings; networking takes the built-in defaults (VLAN physnet1:100:199, VXLAN).
    static func yaml(deviceSpecs: [String] = [vfSpec, pfSpec], aliases: [String] = [], exclude: [String] = [],
                     weigher: String = "pack", hostDownTime: Int = 300) -> String {
        func list(_ items: [String]) -> String {
            items.isEmpty ? " []" : items.map { "\n    - '\($0)'" }.joined()
        }
        return ServerConfig.defaultYAML + """

            pci:
              device_spec:\(list(deviceSpecs))
              alias:\(list(aliases))
              exclude_devices:\(list(exclude))
            scheduler:
              weigher: \(weigher)
              host_down_time: \(hostDownTime)
            """
    }

    // MARK: Fixture hosts

    /// The address of VF `number` (0-7 → 0000:81:02.x, 8-15 → 0000:81:03.x, …).
    static func vfAddress(_ number: Int) -> String {
        let slot = String(2 + number / 8, radix: 16)
        return "0000:81:\(slot.count == 1 ? "0" + slot : slot).\(number % 8)"
    }

    /// The fixture PF `0000:81:00.0` (8086:1572, ens1f0) on `numa`.
    static func pfDevice(numa: Int = 0, mac: String = "3c:fd:fe:00:00:01") -> JSONValue {
        ["address": .string(pfAddress), "vendor_id": "8086", "product_id": "1572", "type": "type-PF",
         "numa_node": .int(numa), "netdev": "ens1f0", "pf_mac_address": .string(mac)]
    }

    /// VF `number` of the fixture PF (8086:154c) on `numa`.
    static func vfDevice(_ number: Int, numa: Int = 0, mac: String = "3c:fd:fe:00:00:01") -> JSONValue {
        ["address": .string(vfAddress(number)), "vendor_id": "8086", "product_id": "154c", "type": "type-VF",
         "parent_address": .string(pfAddress), "numa_node": .int(numa), "netdev": .string("ens1f0v\(number)"),
         "pf_mac_address": .string(mac), "vf_num": .int(number)]
    }

    /// The fixture's PCI devices: the PF and `vfs` VFs.
    static func fixtureDevices(vfs: Int = 4, numa: Int = 0) -> [JSONValue] {
        [pfDevice(numa: numa)] + (0..<vfs).map { vfDevice($0, numa: numa) }
    }

    /// An inventory report body.
    static func report(vcpus: Int = 16, memoryMB: Int = 32768, numaCells: [(id: Int, socket: Int)] = [(0, 0), (1, 1)],
                       devices: [JSONValue]) -> JSONValue {
        ["vcpus": .int(vcpus), "memory_mb": .int(memoryMB),
         "numa_cells": .array(numaCells.map { ["id": .int($0.id), "socket": .int($0.socket)] }),
         "pci_devices": .array(devices)]
    }

    /// POSTs an inventory report; the raw reply.
    static func postInventory(_ client: APIClient, host: String, _ body: JSONValue) async throws -> APIClient.Reply {
        try await client.post("\(patchbay)/hosts/\(host)/inventory", body)
    }

    /// Reports a host (200 required) and returns the `inventory` result.
    @discardableResult
    static func reportHost(_ client: APIClient, host: String = "compute1", vfs: Int = 4, numa: Int = 0,
                           devices: [JSONValue]? = nil, vcpus: Int = 16, memoryMB: Int = 32768,
                           sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        let reply = try await postInventory(client, host: host,
                                            report(vcpus: vcpus, memoryMB: memoryMB, devices: devices ?? fixtureDevices(vfs: vfs, numa: numa)))
        #expect(reply.status == 200, "inventory report: \(reply.json)", sourceLocation: sourceLocation)
        return try #require(reply.json["inventory"], sourceLocation: sourceLocation)
    }

    /// Registers a NIC Switch agent on `host` with `physnet` → `ens1f0`, and a Linux bridge agent
    /// with `physnet` → `br-eth1`, so both direct and normal ports can bind there.
    static func registerAgents(_ client: APIClient, host: String = "compute1", physnet: String = "physnet1",
                               sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await PortAPI.reportAgent(client, type: "NIC Switch agent", host: host, devices: [physnet: ["ens1f0"]],
                                      sourceLocation: sourceLocation)
        try await PortAPI.reportAgent(client, type: "Linux bridge agent", host: host, bridges: [physnet: "br-eth1"],
                                      sourceLocation: sourceLocation)
    }

    /// Reports the fixture host and registers its agents.
    static func fixtureHost(_ client: APIClient, host: String = "compute1", vfs: Int = 4,
                            sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await reportHost(client, host: host, vfs: vfs, sourceLocation: sourceLocation)
        try await registerAgents(client, host: host, sourceLocation: sourceLocation)
    }

    // MARK: Networking

    /// Creates a VLAN network on `physnet` with one v4 subnet (admin); returns the network id.
    static func vlanNetwork(_ client: APIClient, physnet: String = "physnet1", vlan: Int = 100, cidr: String = "10.0.0.0/24",
                            sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let network = try await client.post("/network/v2.0/networks", ["network": [
            "name": .string("net-\(vlan)"), "provider:network_type": "vlan",
            "provider:physical_network": .string(physnet), "provider:segmentation_id": .int(vlan)]])
        #expect(network.status == 201, "network create: \(network.json)", sourceLocation: sourceLocation)
        let id = try #require(network.json["network"]?["id"]?.stringValue, sourceLocation: sourceLocation)
        let subnet = try await client.post("/network/v2.0/subnets", ["subnet": [
            "network_id": .string(id), "cidr": .string(cidr), "ip_version": 4]])
        #expect(subnet.status == 201, "subnet create: \(subnet.json)", sourceLocation: sourceLocation)
        return id
    }

    /// Creates a port on `network` with this vnic type (`direct` asks for a VF); returns its id.
    static func port(_ client: APIClient, network: String, vnicType: String = "direct",
                     sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let reply = try await client.post("/network/v2.0/ports", ["port": [
            "network_id": .string(network), "binding:vnic_type": .string(vnicType)]])
        #expect(reply.status == 201, "port create: \(reply.json)", sourceLocation: sourceLocation)
        return try #require(reply.json["port"]?["id"]?.stringValue, sourceLocation: sourceLocation)
    }

    // MARK: Compute resources

    /// Creates a flavor (200 required) and returns its id.
    @discardableResult
    static func flavor(_ client: APIClient, name: String = "m1.small", id: String? = nil, ram: Int = 2048, vcpus: Int = 2,
                       extraSpecs: [String: String] = [:],
                       sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        var body: [String: JSONValue] = ["name": .string(name), "ram": .int(ram), "vcpus": .int(vcpus), "disk": 10]
        if let id { body["id"] = .string(id) }
        let reply = try await client.post("\(v21)/flavors", ["flavor": .object(body)])
        #expect(reply.status == 200, "flavor create: \(reply.json)", sourceLocation: sourceLocation)
        let flavorId = try #require(reply.json["flavor"]?["id"]?.stringValue, sourceLocation: sourceLocation)
        if !extraSpecs.isEmpty {
            let set = try await client.post("\(v21)/flavors/\(flavorId)/os-extra_specs",
                                            ["extra_specs": .object(extraSpecs.mapValues(JSONValue.string))])
            #expect(set.status == 200, "extra specs: \(set.json)", sourceLocation: sourceLocation)
        }
        return flavorId
    }

    /// POSTs a server; the raw reply (202 on acceptance).
    static func postServer(_ client: APIClient, name: String = "vm1", flavor: String, networks: [JSONValue]) async throws -> APIClient.Reply {
        try await client.post("\(v21)/servers", ["server": ["name": .string(name), "flavorRef": .string(flavor),
                                                            "imageRef": "", "networks": .array(networks)]])
    }

    /// Polls `GET /servers/{id}` (200 × 50 ms at most) until its status is ACTIVE or ERROR, and
    /// returns the server; fails the test when it stays in BUILD or when the final status is not `status`.
    @discardableResult
    static func waitForServer(_ client: APIClient, _ id: String, status: String? = nil,
                              sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        for _ in 0..<200 {
            let reply = try await client.get("\(v21)/servers/\(id)")
            let server = try #require(reply.json["server"], "server \(id): \(reply.status) \(reply.json)", sourceLocation: sourceLocation)
            let current = server["status"]?.stringValue ?? ""
            if current == "ACTIVE" || current == "ERROR" {
                if let status { #expect(current == status, "server \(id): \(server)", sourceLocation: sourceLocation) }
                return server
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("server \(id) never left BUILD", sourceLocation: sourceLocation)
        throw CancellationError()
    }

    /// Boots a server and waits for it to finish building; returns (id, final server).
    static func boot(_ client: APIClient, name: String = "vm1", flavor: String, networks: [JSONValue], status: String? = "ACTIVE",
                     sourceLocation: SourceLocation = #_sourceLocation) async throws -> (String, JSONValue) {
        let reply = try await postServer(client, name: name, flavor: flavor, networks: networks)
        #expect(reply.status == 202, "server create: \(reply.json)", sourceLocation: sourceLocation)
        let id = try #require(reply.json["server"]?["id"]?.stringValue, sourceLocation: sourceLocation)
        return (id, try await waitForServer(client, id, status: status, sourceLocation: sourceLocation))
    }

    // MARK: Errors and views

    /// The Nova fault (its top-level key and the message), when the body is one.
    static func fault(_ reply: APIClient.Reply) -> (key: String, message: String)? {
        guard let object = reply.json.objectValue, object.count == 1, let (key, value) = object.first,
              let message = value["message"]?.stringValue else { return nil }
        return (key, message)
    }

    /// The host's devices (admin view) by address.
    static func devices(_ client: APIClient, host: String = "compute1",
                        sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: JSONValue] {
        let reply = try await client.get("\(patchbay)/hosts/\(host)/pci_devices")
        #expect(reply.status == 200, "devices: \(reply.json)", sourceLocation: sourceLocation)
        let items = reply.json["devices"]?.arrayValue ?? []
        return Dictionary(items.compactMap { item in item["address"]?.stringValue.map { ($0, item) } }, uniquingKeysWith: { a, _ in a })
    }

    /// The host's pools (admin view).
    static func pools(_ client: APIClient, host: String = "compute1",
                      sourceLocation: SourceLocation = #_sourceLocation) async throws -> [JSONValue] {
        let reply = try await client.get("\(patchbay)/hosts/\(host)/pools")
        #expect(reply.status == 200, "pools: \(reply.json)", sourceLocation: sourceLocation)
        return reply.json["pools"]?.arrayValue ?? []
    }
}
