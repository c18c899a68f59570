import PatchbayCore

/// Patchbay's admin view of PCI inventory: hosts report (until the agent lands, tests and
/// operators post here), and operators list hosts, pools and devices with their holders.
struct InventoryController {
    let compute: ComputeService

    /// `POST /patchbay/v1/hosts/{host}/inventory` with `{"vcpus", "memory_mb", "numa_cells": [{id, socket}],
    /// "pci_devices": [{address, vendor_id, product_id, type, parent_address, numa_node, netdev, pf_mac_address, vf_num}],
    /// "faults": {address: reason}}` (`faults` optional; when present it is the host's whole set of faults).
    func report(_ request: APIRequest) async throws -> APIResponse {
        let host = try AgentInput.hostName(request.parameter("host"), field: "host")
        try compute.requireHost(request.caller, host)
        let body = try request.requireBody()
        guard body["vcpus"] != nil, body["memory_mb"] != nil else { throw PatchbayError.invalidInput("vcpus and memory_mb are required") }
        var report = InventoryReport(
            host: host, vcpus: try AgentInput.integer(body["vcpus"], field: "vcpus", in: 0...AgentInput.maxVCPUs),
            memoryMB: try AgentInput.integer(body["memory_mb"], field: "memory_mb", in: 0...AgentInput.maxMemoryMB),
            numaCells: try AgentInput.numaCells(body["numa_cells"]), devices: try AgentInput.inventoryDevices(body["pci_devices"]))
        if let faults = body["faults"], !faults.isNull {
            guard let object = faults.objectValue else { throw PatchbayError.invalidInput("faults must map PCI addresses to reasons") }
            report.faults = try object.reduce(into: [:]) { result, item in
                guard let address = PCIAddress(item.key), let reason = item.value.stringValue, !reason.isEmpty,
                      reason.utf8.count <= AgentInput.maxReasonLength else {
                    throw PatchbayError.invalidInput("faults: '\(item.key)' must be a PCI address with a non-empty reason")
                }
                result[address] = reason
            }
        }
        let result = try await compute.report(report, caller: request.caller)
        return .ok(["inventory": ["host": .string(host), "assignable": .int(result.assignable),
                                  "inserted": .int(result.inserted), "updated": .int(result.updated),
                                  "deleted": .int(result.deleted), "generation": .int(result.generation)]])
    }

    /// `GET /patchbay/v1/hosts`.
    func hosts(_ request: APIRequest) async throws -> APIResponse {
        .ok(["hosts": .array(try await compute.hosts(caller: request.caller).map { host, inventory, alive in
            ["name": .string(host.name), "alive": .bool(alive), "enabled": .bool(host.enabled), "vcpus": .int(host.vcpus),
             "memory_mb": .int(host.memoryMB), "generation": .int(inventory.generation), "devices": .int(inventory.deviceCount)]
        })])
    }

    /// `GET /patchbay/v1/hosts/{host}/pools`.
    func pools(_ request: APIRequest) async throws -> APIResponse {
        let (_, inventory, _) = try await compute.host(request.parameter("host"), caller: request.caller)
        return .ok(["pools": .array(inventory.pools.map { pool in
            ["vendor_id": .string(pool.key.vendorId), "product_id": .string(pool.key.productId),
             "device_type": .string(pool.key.deviceType.rawValue), "numa_node": pool.key.numaNode.map(JSONValue.int) ?? .null,
             "physical_network": pool.key.physicalNetwork.map(JSONValue.string) ?? .null, "trusted": .bool(pool.key.trusted),
             "address": .string(pool.key.poolAddress.description),
             "free": .int(pool.freeCount), "total": .int(pool.deviceCount)]
        })])
    }

    /// `GET /patchbay/v1/hosts/{host}/devices`: every device, its state, and who holds it.
    func devices(_ request: APIRequest) async throws -> APIResponse {
        let (_, inventory, _) = try await compute.host(request.parameter("host"), caller: request.caller)
        return .ok(["devices": .array(inventory.allRecords.map { record in
            let device = record.device.device
            return ["address": .string(device.address.description), "vendor_id": .string(device.vendorId),
                    "product_id": .string(device.productId), "type": .string(device.type.rawValue),
                    "parent_address": device.parentAddress.map { .string($0.description) } ?? .null,
                    "physical_network": record.device.physicalNetwork.map(JSONValue.string) ?? .null,
                    "state": .string(record.state.rawValue), "server_id": record.serverId.map(JSONValue.string) ?? .null,
                    "port_id": record.portId.map(JSONValue.string) ?? .null, "reason": record.reason.map(JSONValue.string) ?? .null]
        })])
    }

    /// `GET /patchbay/v1/servers/{id}/domain`: the libvirt XML rendered for the host's agent.
    func domain(_ request: APIRequest) async throws -> APIResponse {
        try compute.requireAdmin(request.caller, "patchbay:servers:domain", allowService: true)
        let server = try await compute.server(request.parameter("id"), caller: request.caller)
        return .ok(["server_id": .string(server.id), "host": server.host.map(JSONValue.string) ?? .null,
                    "domain_xml": server.domainXML.map(JSONValue.string) ?? .null])
    }

    /// `GET /patchbay/v1/servers/{id}/config_drive`: what the server's config drive holds (whether
    /// the guest gets one, `meta_data`, `network_data` and the user data as given, base64).
    func configDrive(_ request: APIRequest) async throws -> APIResponse {
        try compute.requireAdmin(request.caller, "patchbay:servers:config_drive", allowService: true)
        let server = try await compute.server(request.parameter("id"), caller: request.caller)
        let drive = try await compute.configDrive(for: server)
        return .ok(["server_id": .string(server.id), "config_drive": .bool(server.guestData?.configDrive ?? false),
                    "meta_data": drive.metaData, "network_data": drive.networkData,
                    "user_data": server.guestData?.userData.map(JSONValue.string) ?? .null])
    }
}
