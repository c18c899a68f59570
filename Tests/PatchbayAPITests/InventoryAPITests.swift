import PatchbayAPI
import PatchbayCore
import PatchbayTesting
import Testing

/// Host inventory reports (specs, exclusions, minimal re-sync), the admin host/pool/device views, and os-hypervisors.
@Suite struct InventoryAPITests {
    static let hosts = "\(ComputeAPI.patchbay)/hosts"
    /// A GPU that no device_spec matches.
    static let gpu: JSONValue = ["address": "0000:3b:00.0", "vendor_id": "10de", "product_id": "1db6", "type": "type-PCI", "numa_node": 1]

    @Test func firstReportInsertsAssignableDevicesAfterSpecsAndExclusions() async throws {
        try await ComputeAPI.withServer(yaml: ComputeAPI.yaml(exclude: [ComputeAPI.vfAddress(3)])) { _, client in
            let result = try await ComputeAPI.reportHost(client, devices: ComputeAPI.fixtureDevices(vfs: 4) + [Self.gpu])
            #expect(result["inserted"] == 4, "PF and VFs 0-2: \(result)")
            #expect(result["assignable"] == 4)
            #expect(result["updated"] == 0)
            #expect(result["deleted"] == 0)
            #expect((result["generation"]?.intValue ?? 0) > 0)

            let devices = try await ComputeAPI.devices(client)
            #expect(Set(devices.keys) == Set([ComputeAPI.pfAddress] + (0..<3).map(ComputeAPI.vfAddress)))
            #expect(devices[ComputeAPI.vfAddress(3)] == nil, "the excluded VF is not passed through")
            #expect(devices["0000:3b:00.0"] == nil, "no spec matches the GPU")
            for device in devices.values {
                #expect(device["state"] == "available")
                #expect(device["physical_network"] == "physnet1")
                #expect(device["server_id"] == .null)
            }
            #expect(devices[ComputeAPI.vfAddress(1)]?["parent_address"] == .string(ComputeAPI.pfAddress))

            let pools = try await ComputeAPI.pools(client)
            let vfPool = try #require(pools.first { $0["device_type"] == "type-VF" }, "\(pools)")
            #expect(vfPool["total"] == 3 && vfPool["free"] == 3, "\(vfPool)")
            #expect(vfPool["product_id"] == "154c" && vfPool["physical_network"] == "physnet1")
            let pfPool = try #require(pools.first { $0["device_type"] == "type-PF" }, "\(pools)")
            #expect(pfPool["total"] == 1 && pfPool["free"] == 1)
            #expect(pools.count == 2)

            let hosts = try await client.get(Self.hosts)
            #expect(hosts.status == 200)
            let host = try #require(hosts.json["hosts"]?.arrayValue?.first)
            #expect(host["name"] == "compute1" && host["alive"] == true && host["vcpus"] == 16 && host["memory_mb"] == 32768)
            #expect(host["devices"] == 4 && host["generation"] == result["generation"])
        }
    }

    @Test func identicalReportChangesNothing() async throws {
        try await ComputeAPI.withServer { _, client in
            let first = try await ComputeAPI.reportHost(client, vfs: 4)
            let before = try await ComputeAPI.devices(client)
            let second = try await ComputeAPI.reportHost(client, vfs: 4)
            #expect(second["inserted"] == 0 && second["updated"] == 0 && second["deleted"] == 0, "\(second)")
            #expect(second["generation"] == first["generation"])
            #expect(second["assignable"] == 5)
            #expect(try await ComputeAPI.devices(client) == before)
        }
    }

    @Test func changedReportGivesMinimalDiff() async throws {
        try await ComputeAPI.withServer { _, client in
            let first = try await ComputeAPI.reportHost(client, vfs: 4)
            // VF 3 is gone, VF 0 moved to NUMA node 1; the PF and VFs 1-2 are unchanged.
            let devices = [ComputeAPI.pfDevice()] + [ComputeAPI.vfDevice(0, numa: 1)] + (1..<3).map { ComputeAPI.vfDevice($0) }
            let second = try await ComputeAPI.reportHost(client, devices: devices)
            #expect(second["inserted"] == 0, "\(second)")
            #expect(second["updated"] == 1)
            #expect(second["deleted"] == 1)
            #expect(second["generation"] == .int((first["generation"]?.intValue ?? 0) + 1))

            let now = try await ComputeAPI.devices(client)
            #expect(now.count == 4)
            #expect(now[ComputeAPI.vfAddress(3)] == nil)
            let pools = try await ComputeAPI.pools(client)
            let vfPools = pools.filter { $0["device_type"] == "type-VF" }
            #expect(Set(vfPools.map { "\($0["numa_node"]?.intValue ?? -1)=\($0["total"]?.intValue ?? -1)" }) == ["0=2", "1=1"], "\(vfPools)")
        }
    }

    @Test func heldDeviceThatVanishesIsKeptAsRemovedUntilItsServerIsDeleted() async throws {
        try await ComputeAPI.withServer { _, client in
            try await ComputeAPI.fixtureHost(client, vfs: 2)
            let network = try await ComputeAPI.vlanNetwork(client)
            let port = try await ComputeAPI.port(client, network: network)
            let flavor = try await ComputeAPI.flavor(client)
            let (serverId, _) = try await ComputeAPI.boot(client, flavor: flavor, networks: [["port": .string(port)]])

            // The admin view names the holder of the claimed VF; its PF is blocked.
            let held = try await ComputeAPI.devices(client)
            let vf = try #require(held.values.first { $0["server_id"] == .string(serverId) }, "\(held)")
            let address = try #require(vf["address"]?.stringValue)
            #expect(vf["state"] == "allocated" && vf["port_id"] == .string(port) && vf["type"] == "type-VF", "\(vf)")
            #expect(held[ComputeAPI.pfAddress]?["state"] == "unavailable")
            #expect(held.values.filter { $0["server_id"] != .null }.count == 1)
            let vfPool = try #require(try await ComputeAPI.pools(client).first { $0["device_type"] == "type-VF" })
            #expect(vfPool["free"] == 1 && vfPool["total"] == 2)

            // The host stops reporting that VF: it is kept, removed, with its holder and a reason.
            let kept = try #require((0..<2).first { ComputeAPI.vfAddress($0) != address })
            let report = try await ComputeAPI.reportHost(client, devices: [ComputeAPI.pfDevice(), ComputeAPI.vfDevice(kept)])
            #expect(report["deleted"] == 0 && report["updated"] == 1, "\(report)")
            let removed = try #require(try await ComputeAPI.devices(client)[address])
            #expect(removed["state"] == "removed")
            #expect(removed["reason"] == "vanished from host")
            #expect(removed["server_id"] == .string(serverId))

            #expect(try await client.delete("\(ComputeAPI.v21)/servers/\(serverId)").status == 204)
            let after = try await ComputeAPI.devices(client)
            #expect(after[address] == nil, "released, the vanished VF is gone: \(after)")
            #expect(after.count == 2)
            #expect(after.values.allSatisfy { $0["state"] == "available" && $0["server_id"] == .null }, "\(after)")
        }
    }

    @Test(arguments: [("GET", "/patchbay/v1/hosts"), ("GET", "/patchbay/v1/hosts/compute1/pools"),
                      ("GET", "/patchbay/v1/hosts/compute1/pci_devices"), ("POST", "/patchbay/v1/hosts/compute1/inventory")])
    func memberInventoryView_Fails(method: String, path: String) async throws {
        try await ComputeAPI.withServer { _, client in
            try await ComputeAPI.reportHost(client, vfs: 2)
            let member = client.acting(project: "p1", roles: "member")
            let reply = try await member.send(method, path, method == "POST" ? ComputeAPI.report(devices: []) : nil)
            #expect(reply.status == 403, "\(path): \(reply.json)")
            #expect(reply.errorType == "Forbidden")
            #expect(reply.errorMessage?.contains("Policy doesn't allow") == true)
            #expect(try await ComputeAPI.devices(client).count == 3, "a refused report changes nothing")
        }
    }

    @Test func unknownHost_Fails() async throws {
        try await ComputeAPI.withServer { _, client in
            for view in ["pools", "pci_devices"] {
                let reply = try await client.get("\(Self.hosts)/nowhere/\(view)")
                #expect(reply.status == 404, "\(view): \(reply.json)")
                #expect(reply.errorType == "ComputeHostNotFound")
                #expect(reply.errorMessage?.contains("nowhere") == true)
            }
        }
    }

    static let badReports: [(String, JSONValue, String)] = [
        ("no vcpus", ["memory_mb": 1024], "vcpus and memory_mb are required"),
        ("bad address", ["vcpus": 4, "memory_mb": 1024, "pci_devices": [["address": "81:00", "vendor_id": "8086",
                                                                         "product_id": "1572", "type": "type-PF"]]],
         "pci_devices[0].address must be a PCI address"),
        ("bad type", ["vcpus": 4, "memory_mb": 1024, "pci_devices": [["address": "0000:81:00.0", "vendor_id": "8086",
                                                                      "product_id": "1572", "type": "type-XX"]]],
         "pci_devices[0].type must be one of type-PCI|type-PF|type-VF"),
        ("duplicate address", ComputeAPI.report(devices: [ComputeAPI.vfDevice(0), ComputeAPI.vfDevice(0)]), "more than once"),
    ]

    @Test(arguments: badReports)
    func invalidReport_Fails(label: String, body: JSONValue, message: String) async throws {
        try await ComputeAPI.withServer { _, client in
            let reply = try await ComputeAPI.postInventory(client, host: "compute1", body)
            #expect(reply.status == 400, "\(label): \(reply.json)")
            #expect(reply.errorType == "InvalidInput")
            #expect(reply.errorMessage?.contains(message) == true, "\(label): \(reply.errorMessage ?? "")")
            #expect(try await client.get(Self.hosts).json["hosts"]?.arrayValue?.count == 0)
        }
    }

    // MARK: os-hypervisors

    @Test func hypervisorsListAndDetailWithPools() async throws {
        let clock = ManualClock()
        try await ComputeAPI.withServer(yaml: ComputeAPI.yaml(hostDownTime: 60), clock: clock) { _, client in
            try await ComputeAPI.reportHost(client, host: "compute1", vfs: 4)
            clock.advance(by: 50)
            try await ComputeAPI.reportHost(client, host: "compute2", vfs: 2, vcpus: 8, memoryMB: 4096)
            clock.advance(by: 20)  // compute1 last reported 70 s ago, past host_down_time; compute2 20 s ago.

            let list = try await client.get("\(ComputeAPI.v21)/os-hypervisors")
            #expect(list.status == 200)
            let brief = Dictionary(uniqueKeysWithValues: (list.json["hypervisors"]?.arrayValue ?? []).compactMap { item in
                item["hypervisor_hostname"]?.stringValue.map { ($0, item) }
            })
            #expect(Set(brief.keys) == ["compute1", "compute2"])
            #expect(brief["compute1"]?["state"] == "down" && brief["compute2"]?["state"] == "up", "\(list.json)")
            #expect(brief.values.allSatisfy { $0["status"] == "enabled" && $0["vcpus"] == nil && $0["pci_device_pools"] == nil })

            let detail = try await client.get("\(ComputeAPI.v21)/os-hypervisors/detail")
            #expect(detail.status == 200)
            let second = try #require(detail.json["hypervisors"]?.arrayValue?.first { $0["hypervisor_hostname"] == "compute2" })
            #expect(second["vcpus"] == 8 && second["memory_mb"] == 4096 && second["state"] == "up")
            let pools = second["pci_device_pools"]?.arrayValue ?? []
            #expect(Set(pools.map { "\($0["product_id"]?.stringValue ?? "")=\($0["count"]?.intValue ?? -1)" }) == ["154c=2", "1572=1"], "\(pools)")
            #expect(pools.allSatisfy { $0["vendor_id"] == "8086" && $0["tags"]?["physical_network"] == "physnet1" }, "\(pools)")
        }
    }

    @Test func memberHypervisors_Fails() async throws {
        try await ComputeAPI.withServer { _, client in
            try await ComputeAPI.reportHost(client, vfs: 1)
            for path in ["/os-hypervisors", "/os-hypervisors/detail"] {
                let reply = try await client.acting(project: "p1", roles: "member").get(ComputeAPI.v21 + path)
                #expect(reply.status == 403, "\(path): \(reply.json)")
                #expect(ComputeAPI.fault(reply)?.key == "forbidden")
                #expect(ComputeAPI.fault(reply)?.message.contains("os-hypervisors") == true)
            }
        }
    }

    // MARK: pci config

    @Test func yamlMappingSpecsWorkLikeJSONStrings() async throws {
        let yaml = ServerConfig.defaultYAML + """

            pci:
              device_spec:
                - {vendor_id: "8086", product_id: "154c", physical_network: physnet2, trusted: true}
                - '{"vendor_id": "8086", "product_id": "154c", "physical_network": "physnet1"}'
              exclude_devices: ["0000:81:02.1"]
            """
        try await ComputeAPI.withServer(yaml: yaml) { _, client in
            let result = try await ComputeAPI.reportHost(client, vfs: 3)
            #expect(result["assignable"] == 2, "no PF spec; VF 1 excluded: \(result)")
            let pools = try await ComputeAPI.pools(client)
            #expect(pools.count == 1)
            #expect(pools.first?["physical_network"] == "physnet2", "the first matching entry wins")
            #expect(pools.first?["trusted"] == true)
        }
    }

    static let invalidConfigs: [(String, String, [String])] = [
        ("device_spec", "- '{\"vendor_id\": \"8086\",'", ["device_spec entry 1", "is not JSON"]),
        ("device_spec", "- '{\"vendor_id\": \"xyz1\"}'", ["device_spec entry 1", "vendor_id 'xyz1' is not a hexadecimal number"]),
        ("device_spec", "- '{\"vendor_id\": \"8086\"}'\n    - '{\"address\": \"0000:81:00.0\", \"devname\": \"ens1f0\"}'",
         ["device_spec entry 2", "both address and devname"]),
        ("device_spec", "- {vendor_id: \"8086\", physical_network: 7}", ["device_spec entry 1", "physical_network must be"]),
        ("alias", "- '{\"vendor_id\": \"8086\", \"product_id\": \"154c\"}'", ["alias entry 1", "name is required"]),
        ("alias", "- {name: a1, vendor_id: \"8086\", product_id: \"154c\", colour: red}", ["alias entry 1", "unknown key 'colour'"]),
        ("exclude_devices", "- 'not-an-address'", ["exclusion 1 'not-an-address'", "not a PCI address"]),
    ]

    @Test(arguments: invalidConfigs)
    func invalidPCIConfigEntry_Fails(key: String, entries: String, expected: [String]) async throws {
        let yaml = ServerConfig.defaultYAML + "\npci:\n  \(key):\n    \(entries)\n"
        do {
            let server = try await TestServer.start(yaml: yaml)
            try? await server.stop()
            Issue.record("\(key) \(entries): the server started")
        } catch let error as ConfigError {
            for part in expected { #expect(error.description.contains(part), "\(error.description)") }
            #expect(error.description.hasPrefix("pci"), "\(error.description)")
        }
    }
}
