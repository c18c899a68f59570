import PatchbayCore

/// Subnets on the wire: attribute rules, request parsing and the response dictionary.
enum SubnetWire {
    static let rules = AttributeRules(
        known: ["id", "name", "tenant_id", "project_id", "network_id", "ip_version", "cidr", "gateway_ip",
                "allocation_pools", "dns_nameservers", "host_routes", "enable_dhcp", "ipv6_ra_mode", "ipv6_address_mode",
                "subnetpool_id", "description", "tags", "created_at", "updated_at", "revision_number", "service_types",
                "segment_id", "use_default_subnetpool", "prefixlen"],
        post: ["name", "tenant_id", "project_id", "network_id", "ip_version", "cidr", "gateway_ip", "allocation_pools",
               "dns_nameservers", "host_routes", "enable_dhcp", "ipv6_ra_mode", "ipv6_address_mode", "subnetpool_id",
               "description", "tags", "service_types", "segment_id", "use_default_subnetpool", "prefixlen"],
        put: ["name", "gateway_ip", "allocation_pools", "dns_nameservers", "host_routes", "enable_dhcp", "description",
              "service_types", "segment_id"],
        required: ["network_id", "ip_version"])

    static let query = QuerySchema(
        filterable: ["id", "name", "tenant_id", "project_id", "network_id", "ip_version", "cidr", "gateway_ip",
                     "enable_dhcp", "ipv6_ra_mode", "ipv6_address_mode", "subnetpool_id", "description", "revision_number",
                     "segment_id", "dns_nameservers", "shared"],
        sortable: ["id", "name", "tenant_id", "project_id", "network_id", "ip_version", "cidr", "gateway_ip", "enable_dhcp",
                   "created_at", "updated_at", "revision_number", "description", "subnetpool_id"],
        subFilterable: [], supportsTags: true)

    static let ipv6Modes: Set<String> = ["slaac", "dhcpv6-stateful", "dhcpv6-stateless"]

    static func create(_ body: ResourceBody, caller: Caller) throws -> SubnetCreate {
        let version = try body.int("ip_version") ?? 0
        guard version == 4 || version == 6 else { throw body.invalid("ip_version", "\(version) is not in valid_values") }
        if let pool = body["subnetpool_id"], !pool.isNull {
            throw PatchbayError.badRequest("Subnet pools are not supported; specify 'cidr'.", code: "subnet.pools_unsupported")
        }
        guard let cidrText = try body.string("cidr") else {
            throw PatchbayError(code: "subnet.missing_cidr", type: "BadRequest", category: .badRequest,
                                message: "Bad subnets request: a subnetpool must be specified in the absence of a cidr.")
        }
        let cidr = try IPNetwork.parse(cidr: cidrText)
        var request = SubnetCreate(projectId: try body.owner(for: caller), networkId: try body.uuid("network_id") ?? "",
                                   ipVersion: version, cidr: cidr)
        request.name = try body.string("name") ?? ""
        request.description = try body.string("description") ?? ""
        if let gateway = try gateway(body) { request.gateway = gateway }
        request.pools = try pools(body)
        request.dnsNameservers = try nameservers(body, subnet: "new subnet") ?? []
        request.hostRoutes = try routes(body) ?? []
        request.enableDhcp = try body.bool("enable_dhcp") ?? true
        request.ipv6RaMode = try ipv6Mode(body, "ipv6_ra_mode", version: version)
        request.ipv6AddressMode = try ipv6Mode(body, "ipv6_address_mode", version: version)
        request.tags = try TagRules.validate(try body.strings("tags") ?? [])
        return request
    }

    static func update(_ body: ResourceBody) throws -> SubnetUpdate {
        var update = SubnetUpdate()
        update.name = try body.string("name")
        update.description = try body.string("description")
        update.gateway = try gateway(body)
        update.pools = try pools(body)
        update.dnsNameservers = try nameservers(body, subnet: "subnet")
        update.hostRoutes = try routes(body)
        update.enableDhcp = try body.bool("enable_dhcp")
        return update
    }

    private static func gateway(_ body: ResourceBody) throws -> GatewayChoice? {
        guard let value = body["gateway_ip"] else { return nil }
        if value.isNull { return GatewayChoice.none }
        guard let text = value.stringValue, let address = IPAddress(text) else {
            throw body.invalid("gateway_ip", "'\(body.describe(value))' is not a valid IP address")
        }
        return .explicit(address)
    }

    private static func pools(_ body: ResourceBody) throws -> [AllocationPool]? {
        guard let value = body["allocation_pools"] else { return nil }
        guard let items = value.arrayValue else { throw body.invalid("allocation_pools", "Invalid data format for IP pool") }
        return try items.map { item in
            guard let start = item["start"]?.stringValue.flatMap(IPAddress.init),
                  let end = item["end"]?.stringValue.flatMap(IPAddress.init), item.objectValue?.count == 2
            else { throw body.invalid("allocation_pools", "Invalid data format for IP pool: '\(body.describe(item))'") }
            return AllocationPool(start: start, end: end)
        }
    }

    private static func nameservers(_ body: ResourceBody, subnet: String) throws -> [String]? {
        guard let servers = try body.strings("dns_nameservers") else { return nil }
        for server in servers where IPAddress(server) == nil {
            throw body.invalid("dns_nameservers", "'\(server)' is not a valid nameserver")
        }
        guard Set(servers).count == servers.count else {
            throw body.invalid("dns_nameservers", "Duplicate nameserver '\(servers.first { s in servers.filter { $0 == s }.count > 1 }!)'")
        }
        guard servers.count <= 5 else {
            throw PatchbayError(code: "subnet.too_many_nameservers", type: "DNSNameServersExhausted", category: .badRequest,
                                message: "Unable to complete operation for \(subnet). The number of DNS nameservers exceeds the limit 5.")
        }
        return servers
    }

    private static func routes(_ body: ResourceBody) throws -> [HostRoute]? {
        guard let value = body["host_routes"] else { return nil }
        guard let items = value.arrayValue else { throw body.invalid("host_routes", "Invalid data format for hostroute") }
        let routes = try items.map { item in
            guard let destination = item["destination"]?.stringValue, let nexthop = item["nexthop"]?.stringValue,
                  let network = try? IPNetwork.parse(cidr: destination), IPAddress(nexthop) != nil
            else { throw body.invalid("host_routes", "Invalid data format for hostroute: '\(body.describe(item))'") }
            return HostRoute(destination: network.description, nexthop: nexthop)
        }
        guard routes.count <= 20 else {
            throw PatchbayError(code: "subnet.too_many_routes", type: "HostRoutesExhausted", category: .badRequest,
                                message: "Unable to complete operation for subnet. The number of host routes exceeds the limit 20.")
        }
        return routes
    }

    private static func ipv6Mode(_ body: ResourceBody, _ key: String, version: Int) throws -> String? {
        guard let mode = try body.string(key, allowNull: true) else { return nil }
        guard ipv6Modes.contains(mode) else { throw body.invalid(key, "'\(mode)' is not in \(ipv6Modes.sorted())") }
        guard version == 6 else {
            throw PatchbayError.invalidInput("ipv6_ra_mode or ipv6_address_mode cannot be set when enable_dhcp is set to False or ip_version is 4")
        }
        return mode
    }

    static func attributes(_ subnet: Subnet) -> [String: JSONValue] {
        var attributes = StandardAttributes.of(subnet.audit, tags: subnet.tags, description: subnet.description,
                                               projectId: subnet.projectId)
        attributes["id"] = .string(subnet.id)
        attributes["name"] = .string(subnet.name)
        attributes["network_id"] = .string(subnet.networkId)
        attributes["ip_version"] = .int(subnet.ipVersion)
        attributes["cidr"] = .string(subnet.cidr)
        attributes["gateway_ip"] = subnet.gatewayIp.map(JSONValue.string) ?? .null
        attributes["allocation_pools"] = .array(subnet.allocationPools.map {
            ["start": .string($0.start.description), "end": .string($0.end.description)]
        })
        attributes["dns_nameservers"] = .array(subnet.dnsNameservers.map(JSONValue.string))
        attributes["host_routes"] = .array(subnet.hostRoutes.map { ["destination": .string($0.destination), "nexthop": .string($0.nexthop)] })
        attributes["enable_dhcp"] = .bool(subnet.enableDhcp)
        attributes["ipv6_ra_mode"] = subnet.ipv6RaMode.map(JSONValue.string) ?? .null
        attributes["ipv6_address_mode"] = subnet.ipv6AddressMode.map(JSONValue.string) ?? .null
        attributes["subnetpool_id"] = .null
        attributes["service_types"] = []
        attributes["segment_id"] = .null
        return attributes
    }
}
