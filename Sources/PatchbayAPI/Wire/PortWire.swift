import PatchbayCore

/// Ports on the wire: attribute rules, request parsing and the response dictionary.
enum PortWire {
    static let rules = AttributeRules(
        known: ["id", "name", "network_id", "tenant_id", "project_id", "mac_address", "admin_state_up", "status", "device_id",
                "device_owner", "fixed_ips", "allowed_address_pairs", "port_security_enabled", "security_groups",
                "binding:host_id", "binding:profile", "binding:vif_type", "binding:vif_details", "binding:vnic_type",
                "binding:failure_reason", "propagate_uplink_status", "description", "tags", "created_at", "updated_at",
                "revision_number", "trusted", "patchbay:required_capabilities"],
        post: ["name", "network_id", "tenant_id", "project_id", "mac_address", "admin_state_up", "device_id", "device_owner",
               "fixed_ips", "allowed_address_pairs", "port_security_enabled", "security_groups", "binding:host_id",
               "binding:profile", "binding:vnic_type", "propagate_uplink_status", "description", "tags", "trusted",
               "patchbay:required_capabilities"],
        put: ["name", "mac_address", "admin_state_up", "device_id", "device_owner", "fixed_ips", "allowed_address_pairs",
              "port_security_enabled", "security_groups", "binding:host_id", "binding:profile", "binding:vnic_type",
              "propagate_uplink_status", "description", "trusted", "patchbay:required_capabilities"],
        required: ["network_id"])

    static let query = QuerySchema(
        filterable: ["id", "name", "network_id", "tenant_id", "project_id", "mac_address", "admin_state_up", "status",
                     "device_id", "device_owner", "port_security_enabled", "binding:host_id", "description",
                     "revision_number", "propagate_uplink_status", "security_groups"],
        sortable: ["id", "name", "network_id", "tenant_id", "project_id", "mac_address", "admin_state_up", "status",
                   "device_id", "device_owner", "created_at", "updated_at", "revision_number", "description"],
        subFilterable: ["fixed_ips"], supportsTags: true)

    static func create(_ body: ResourceBody, caller: Caller) throws -> PortCreate {
        var request = PortCreate(projectId: try body.owner(for: caller), networkId: try body.uuid("network_id") ?? "")
        request.present = Set(body.attributes.keys)
        request.name = try body.string("name") ?? ""
        request.description = try body.string("description") ?? ""
        request.adminStateUp = try body.bool("admin_state_up") ?? true
        request.macAddress = try body.string("mac_address")
        request.fixedIps = try fixedIps(body)
        request.deviceId = try body.string("device_id") ?? ""
        request.deviceOwner = try body.string("device_owner") ?? ""
        request.portSecurityEnabled = try body.bool("port_security_enabled")
        request.allowedAddressPairs = try addressPairs(body)
        request.propagateUplinkStatus = try body.bool("propagate_uplink_status") ?? false
        try securityGroups(body)
        if let vnic = try body.string("binding:vnic_type") { request.vnicType = try VnicType(parsing: vnic) }
        request.hostId = try body.string("binding:host_id") ?? ""
        request.profile = try profile(body) ?? [:]
        if let trusted = try body.bool("trusted") { request.profile["trusted"] = .bool(trusted) }
        request.tags = try TagRules.validate(try body.strings("tags") ?? [])
        request.requiredCapabilities = try requiredCapabilities(body) ?? []
        return request
    }

    static func update(_ body: ResourceBody) throws -> PortUpdate {
        var update = PortUpdate()
        update.present = Set(body.attributes.keys)
        update.name = try body.string("name")
        update.description = try body.string("description")
        update.adminStateUp = try body.bool("admin_state_up")
        if body.has("mac_address") { update.macAddress = .some(try body.string("mac_address", allowNull: true)) }
        update.fixedIps = try fixedIps(body)
        update.deviceId = try body.string("device_id")
        update.deviceOwner = try body.string("device_owner")
        update.portSecurityEnabled = try body.bool("port_security_enabled")
        update.allowedAddressPairs = try addressPairs(body)
        update.propagateUplinkStatus = try body.bool("propagate_uplink_status")
        try securityGroups(body)
        if let vnic = try body.string("binding:vnic_type") { update.vnicType = try VnicType(parsing: vnic) }
        if body.has("binding:host_id") { update.hostId = try body.string("binding:host_id", allowNull: true) ?? "" }
        update.profile = try profile(body)
        update.trusted = try body.bool("trusted")
        update.requiredCapabilities = try requiredCapabilities(body)
        return update
    }

    private static func fixedIps(_ body: ResourceBody) throws -> [FixedIPRequest]? {
        guard let value = body["fixed_ips"] else { return nil }
        guard let items = value.arrayValue else { throw body.invalid("fixed_ips", "Invalid data format for fixed IP: '\(body.describe(value))'") }
        return try items.map { item in
            guard let object = item.objectValue, Set(object.keys).isSubset(of: ["subnet_id", "ip_address"]) else {
                throw body.invalid("fixed_ips", "Invalid data format for fixed IP: '\(body.describe(item))'")
            }
            let ip = object["ip_address"]?.stringValue
            if let ip, IPAddress(ip) == nil { throw body.invalid("fixed_ips", "'\(ip)' is not a valid IP address") }
            return FixedIPRequest(subnetId: object["subnet_id"]?.stringValue, ipAddress: ip)
        }
    }

    private static func addressPairs(_ body: ResourceBody) throws -> [AddressPair]? {
        guard let value = body["allowed_address_pairs"] else { return nil }
        if value.isNull { return [] }
        guard let items = value.arrayValue else { throw body.invalid("allowed_address_pairs", "Allowed address pairs must be a list.") }
        return try items.map { item in
            guard let ip = item["ip_address"]?.stringValue,
                  IPAddress(ip) != nil || (try? IPNetwork.parse(cidr: ip)) != nil
            else { throw PatchbayError.badRequest("AllowedAddressPair must contain ip_address", code: "port.invalid_address_pair") }
            let mac = item["mac_address"]?.stringValue ?? ""
            if !mac.isEmpty, MACAddress(mac) == nil { throw body.invalid("allowed_address_pairs", "'\(mac)' is not a valid MAC address") }
            return AddressPair(ipAddress: ip, macAddress: mac.isEmpty ? "" : MACAddress(mac)!.description)
        }
    }

    /// Security groups are not implemented; only an empty list is accepted.
    private static func securityGroups(_ body: ResourceBody) throws {
        if let groups = try body.strings("security_groups"), !groups.isEmpty {
            throw PatchbayError.badRequest("Security groups are not supported by this server; omit security_groups or send [].",
                                           code: "port.security_groups_unsupported")
        }
    }

    private static func requiredCapabilities(_ body: ResourceBody) throws -> [Capability]? {
        guard let value = body["patchbay:required_capabilities"] else { return nil }
        return value.isNull ? [] : try Capability.parseRequired(value)
    }

    private static func profile(_ body: ResourceBody) throws -> [String: JSONValue]? {
        guard let profile = try body.object("binding:profile") else { return nil }
        if JSONWriter.bytes(.object(profile)).count > 4095 {
            throw body.invalid("binding:profile", "binding:profile value exceeds the maximum length of 4095 characters")
        }
        return profile
    }

    static func attributes(_ port: Port) -> [String: JSONValue] {
        var attributes = StandardAttributes.of(port.audit, tags: port.tags, description: port.description, projectId: port.projectId)
        attributes["id"] = .string(port.id)
        attributes["name"] = .string(port.name)
        attributes["network_id"] = .string(port.networkId)
        attributes["mac_address"] = .string(port.macAddress)
        attributes["admin_state_up"] = .bool(port.adminStateUp)
        attributes["status"] = .string(port.status.rawValue)
        attributes["device_id"] = .string(port.deviceId)
        attributes["device_owner"] = .string(port.deviceOwner)
        attributes["fixed_ips"] = .array(port.fixedIps.map { ["subnet_id": .string($0.subnetId), "ip_address": .string($0.ipAddress)] })
        attributes["allowed_address_pairs"] = .array(port.allowedAddressPairs.map {
            ["ip_address": .string($0.ipAddress), "mac_address": .string($0.macAddress)]
        })
        attributes["port_security_enabled"] = .bool(port.portSecurityEnabled)
        attributes["security_groups"] = []
        attributes["propagate_uplink_status"] = .bool(port.propagateUplinkStatus)
        attributes["binding:host_id"] = .string(port.binding.hostId)
        attributes["binding:profile"] = .object(port.binding.profile)
        attributes["binding:vif_type"] = .string(port.binding.vifType)
        attributes["binding:vif_details"] = .object(port.binding.vifDetails)
        attributes["binding:vnic_type"] = .string(port.binding.vnicType)
        attributes["binding:failure_reason"] = port.binding.failureReason.map(JSONValue.string) ?? .null
        // port-trusted-vif: `trusted` lives in binding:profile, as Nova reads it.
        attributes["trusted"] = port.binding.profile["trusted"]?.boolValue.map(JSONValue.bool) ?? .null
        attributes["patchbay:required_capabilities"] = .array((port.requiredCapabilities ?? []).map { .string($0.rawValue) })
        return attributes
    }
}
