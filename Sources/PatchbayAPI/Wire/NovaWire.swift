import PatchbayCore

/// Compute resources in Nova's JSON shapes (microversion 2.1).
enum NovaWire {
    static func link(_ base: String, _ path: String) -> JSONValue {
        [["rel": "self", "href": .string("\(base)/compute/v2.1/\(path)")], ["rel": "bookmark", "href": .string("\(base)/compute/\(path)")]]
    }

    static func flavor(_ flavor: Flavor, base: String, detail: Bool = true) -> JSONValue {
        var body: [String: JSONValue] = ["id": .string(flavor.id), "name": .string(flavor.name), "links": link(base, "flavors/\(flavor.id)")]
        guard detail else { return .object(body) }
        body["ram"] = .int(flavor.ramMB)
        body["vcpus"] = .int(flavor.vcpus)
        body["disk"] = .int(flavor.diskGB)
        body["OS-FLV-EXT-DATA:ephemeral"] = 0
        body["OS-FLV-DISABLED:disabled"] = false
        body["swap"] = ""
        body["rxtx_factor"] = 1.0
        body["os-flavor-access:is_public"] = .bool(flavor.isPublic)
        body["description"] = flavor.description.map(JSONValue.string) ?? .null
        body["extra_specs"] = .object(flavor.extraSpecs.mapValues(JSONValue.string))
        return .object(body)
    }

    static func server(_ server: Server, base: String, detail: Bool, addresses: [String: JSONValue]) -> JSONValue {
        var body: [String: JSONValue] = ["id": .string(server.id), "name": .string(server.name),
                                         "links": link(base, "servers/\(server.id)")]
        guard detail else { return .object(body) }
        body["status"] = .string(server.novaStatus)
        body["tenant_id"] = .string(server.projectId)
        body["user_id"] = .string(server.userId)
        body["flavor"] = ["id": .string(server.flavor.id), "links": link(base, "flavors/\(server.flavor.id)")]
        body["image"] = ["id": .string(server.imageRef)]
        body["created"] = .string(Timestamp.iso8601(server.audit.createdAt))
        body["updated"] = .string(Timestamp.iso8601(server.audit.updatedAt))
        body["addresses"] = .object(addresses)
        body["OS-EXT-SRV-ATTR:host"] = server.host.map(JSONValue.string) ?? .null
        body["OS-EXT-SRV-ATTR:hypervisor_hostname"] = server.host.map(JSONValue.string) ?? .null
        body["OS-EXT-STS:vm_state"] = .string(server.vmState.rawValue)
        body["OS-EXT-STS:task_state"] = server.taskState.map { .string($0.rawValue) } ?? .null
        body["OS-EXT-STS:power_state"] = .int(server.vmState == .active && server.taskState != .poweringOff ? 1 : server.vmState == .building ? 0 : 4)
        body["metadata"] = .object((server.guestData?.metadata ?? [:]).mapValues(JSONValue.string))
        body["config_drive"] = server.guestData?.configDrive == true ? "True" : ""
        body["key_name"] = server.guestData?.keyName.map(JSONValue.string) ?? .null
        body["hostId"] = .string(server.host ?? "")
        if let fault = server.fault {
            body["fault"] = ["code": .int(fault.code), "message": .string(fault.message),
                             "created": .string(Timestamp.iso8601(fault.created))]
        }
        return .object(body)
    }

    /// One `interfaceAttachment`: `{port_id, net_id, mac_addr, port_state, fixed_ips}`.
    static func interfaceAttachment(_ port: Port) -> JSONValue {
        ["port_id": .string(port.id), "net_id": .string(port.networkId), "mac_addr": .string(port.macAddress),
         "port_state": .string(port.status.rawValue),
         "fixed_ips": .array(port.fixedIps.map { ["subnet_id": .string($0.subnetId), "ip_address": .string($0.ipAddress)] })]
    }
}
