import PatchbayCore

/// Networks on the wire: attribute rules, request parsing and the response dictionary.
enum NetworkWire {
    static let rules = AttributeRules(
        known: ["id", "name", "tenant_id", "project_id", "admin_state_up", "status", "subnets", "shared", "router:external",
                "mtu", "port_security_enabled", "provider:network_type", "provider:physical_network",
                "provider:segmentation_id", "description", "tags", "created_at", "updated_at", "revision_number",
                "availability_zone_hints", "availability_zones", "patchbay:port_profile", "ipv4_address_scope",
                "ipv6_address_scope", "l2_adjacency"],
        post: ["name", "tenant_id", "project_id", "admin_state_up", "shared", "router:external", "mtu",
               "port_security_enabled", "provider:network_type", "provider:physical_network", "provider:segmentation_id",
               "description", "tags", "availability_zone_hints", "patchbay:port_profile"],
        put: ["name", "admin_state_up", "shared", "router:external", "mtu", "port_security_enabled",
              "provider:network_type", "provider:physical_network", "provider:segmentation_id", "description",
              "patchbay:port_profile"],
        required: [])

    static let query = QuerySchema(
        filterable: ["id", "name", "tenant_id", "project_id", "admin_state_up", "status", "shared", "router:external", "mtu",
                     "port_security_enabled", "provider:network_type", "provider:physical_network",
                     "provider:segmentation_id", "description", "revision_number", "subnets", "patchbay:port_profile"],
        sortable: ["id", "name", "tenant_id", "project_id", "admin_state_up", "status", "shared", "mtu", "created_at",
                   "updated_at", "revision_number", "description", "router:external"],
        subFilterable: [], supportsTags: true)

    static func create(_ body: ResourceBody, caller: Caller) throws -> NetworkCreate {
        var request = NetworkCreate(projectId: try body.owner(for: caller))
        try NetworkPolicy.requireAdmin(for: body.attributes.keys, restricted: NetworkPolicy.adminOnlyNetworkAttributes,
                                       caller: caller, action: "create_network")
        request.name = try body.string("name") ?? ""
        request.description = try body.string("description") ?? ""
        request.adminStateUp = try body.bool("admin_state_up") ?? true
        request.shared = try body.bool("shared") ?? false
        request.external = try body.bool("router:external") ?? false
        request.mtu = try mtu(body)
        request.portSecurityEnabled = try body.bool("port_security_enabled") ?? true
        request.provider = try provider(body)
        request.defaultPortProfile = try body.string("patchbay:port_profile", allowNull: true)
        request.tags = try TagRules.validate(try body.strings("tags") ?? [])
        return request
    }

    static func update(_ body: ResourceBody, caller: Caller) throws -> NetworkUpdate {
        try NetworkPolicy.requireAdmin(for: body.attributes.keys, restricted: NetworkPolicy.adminOnlyNetworkAttributes,
                                       caller: caller, action: "update_network")
        var update = NetworkUpdate()
        update.name = try body.string("name")
        update.description = try body.string("description")
        update.adminStateUp = try body.bool("admin_state_up")
        update.shared = try body.bool("shared")
        update.external = try body.bool("router:external")
        update.mtu = try mtu(body)
        update.portSecurityEnabled = try body.bool("port_security_enabled")
        if body.has("patchbay:port_profile") { update.defaultPortProfile = .some(try body.string("patchbay:port_profile", allowNull: true)) }
        update.provider = try provider(body)
        return update
    }

    /// Neutron accepts any non-negative MTU on the network; subnets then refuse one below their
    /// IP version's minimum (`NetworkMTUSubnetConflict`).
    private static func mtu(_ body: ResourceBody) throws -> Int? {
        guard let mtu = try body.int("mtu") else { return nil }
        guard mtu >= 0 else { throw body.invalid("mtu", "'\(mtu)' is too small - must be at least '0'") }
        return mtu
    }

    private static func provider(_ body: ResourceBody) throws -> ProviderRequest {
        var provider = ProviderRequest()
        provider.networkType = try body.string("provider:network_type", allowNull: true)
        provider.physicalNetwork = try body.string("provider:physical_network", allowNull: true)
        provider.segmentationId = try body.int("provider:segmentation_id", allowNull: true)
        return provider
    }

    /// The full attribute dictionary; the controller strips what the caller may not read.
    static func attributes(_ network: Network, subnets: [Subnet]) -> [String: JSONValue] {
        let segment = network.primarySegment
        var attributes = StandardAttributes.of(network.audit, tags: network.tags, description: network.description,
                                               projectId: network.projectId)
        attributes["id"] = .string(network.id)
        attributes["name"] = .string(network.name)
        attributes["admin_state_up"] = .bool(network.adminStateUp)
        attributes["status"] = .string(network.status)
        attributes["subnets"] = .array(subnets.map { .string($0.id) })
        attributes["shared"] = .bool(network.shared)
        attributes["router:external"] = .bool(network.external)
        attributes["mtu"] = .int(network.mtu)
        attributes["port_security_enabled"] = .bool(network.portSecurityEnabled)
        attributes["provider:network_type"] = segment.map { .string($0.networkType.rawValue) } ?? .null
        attributes["provider:physical_network"] = segment?.physicalNetwork.map(JSONValue.string) ?? .null
        attributes["provider:segmentation_id"] = segment?.segmentationId.map(JSONValue.int) ?? .null
        attributes["availability_zone_hints"] = []
        attributes["availability_zones"] = []
        attributes["ipv4_address_scope"] = .null
        attributes["ipv6_address_scope"] = .null
        attributes["l2_adjacency"] = true
        attributes["patchbay:port_profile"] = network.defaultPortProfile.map(JSONValue.string) ?? .null
        return attributes
    }
}
