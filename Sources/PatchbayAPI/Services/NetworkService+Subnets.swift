import PatchbayCore
import PatchbayStore

/// What a caller asks for when creating a subnet.
struct SubnetCreate: Sendable {
    var projectId: String
    var networkId: String
    var name = ""
    var description = ""
    var ipVersion: Int
    var cidr: IPNetwork
    var gateway: GatewayChoice = .automatic
    var pools: [AllocationPool]?
    var dnsNameservers: [String] = []
    var hostRoutes: [HostRoute] = []
    var enableDhcp = true
    var ipv6RaMode: String?
    var ipv6AddressMode: String?
    var tags: [String] = []
}

/// The changes a caller asks for on a subnet (nil = unchanged).
struct SubnetUpdate: Sendable {
    var name: String?
    var description: String?
    var gateway: GatewayChoice?
    var pools: [AllocationPool]?
    var dnsNameservers: [String]?
    var hostRoutes: [HostRoute]?
    var enableDhcp: Bool?
}

extension NetworkService {
    /// Creates subnets in one transaction after validating cidr, gateway, pools and overlap.
    func createSubnets(_ requests: [SubnetCreate], caller: Caller) async throws -> [Subnet] {
        try NetworkPolicy.requireWrite(caller, action: "create_subnet")
        return try await repository.write { session in
            var created: [Subnet] = []
            for request in requests {
                let network = try await visibleNetwork(request.networkId, caller: caller, in: session)
                guard caller.owns(network.projectId) || caller.isService else {
                    throw PatchbayError.policyNotAuthorized("create_subnet")
                }
                guard request.cidr.version == request.ipVersion else {
                    throw PatchbayError.invalidInput("Cidr \(request.cidr) does not match the ip_version \(request.ipVersion)")
                }
                let siblings = try await session.subnets(network: network.id)
                try SubnetLayout.checkOverlap(request.cidr, networkId: network.id, existing: try siblings.map { try IPNetwork.parse(cidr: $0.cidr) })
                let layout = try SubnetLayout.plan(cidr: request.cidr, gateway: request.gateway, pools: request.pools)
                let subnet = Subnet(
                    id: UUIDv4.make(), projectId: request.projectId, networkId: network.id, name: request.name,
                    description: request.description, ipVersion: request.ipVersion, cidr: request.cidr.description,
                    gatewayIp: layout.gateway?.description, allocationPools: layout.pools,
                    dnsNameservers: request.dnsNameservers, hostRoutes: request.hostRoutes, enableDhcp: request.enableDhcp,
                    ipv6RaMode: request.ipv6RaMode, ipv6AddressMode: request.ipv6AddressMode, tags: request.tags,
                    audit: AuditStamp(createdAt: clock.now()))
                try await checkMTU(network.mtu, fits: [subnet], networkId: network.id)
                try await session.insert(subnet)
                try await bumpRevision(of: network.id, in: session)
                created.append(subnet)
            }
            return created
        }
    }

    /// Loads a subnet the caller may see (through its network), or throws `SubnetNotFound`.
    func visibleSubnet(_ id: String, caller: Caller, in session: any NetworkSession) async throws -> (Subnet, Network) {
        guard let subnet = try await session.subnet(id), let network = try await session.network(subnet.networkId),
              NetworkPolicy.canSee(caller, projectId: subnet.projectId, shared: network.shared)
        else { throw PatchbayError.notFound("Subnet", id) }
        return (subnet, network)
    }

    /// Shows one subnet.
    func subnet(_ id: String, caller: Caller) async throws -> Subnet {
        try await repository.read { session in try await visibleSubnet(id, caller: caller, in: session).0 }
    }

    /// Lists the subnets the caller may see, each with its network's `shared` flag (Neutron's
    /// hidden but filterable subnet attribute).
    func subnets(caller: Caller) async throws -> [(Subnet, Bool)] {
        try await repository.read { session in
            let shared = Set(try await session.networks(visibility(caller)).filter(\.shared).map(\.id))
            return try await session.subnets(visibility(caller)).map { ($0, shared.contains($0.networkId)) }
        }
    }

    /// A network's revision moves when its subnets change, as Neutron's does.
    func bumpRevision(of networkId: String, in session: any NetworkSession) async throws {
        guard var network = try await session.network(networkId) else { return }
        network.audit = network.audit.bumped(at: clock.now())
        try await session.update(network)
    }

    /// Updates gateway, pools, DNS, routes, DHCP and names, re-validating the layout.
    func updateSubnet(_ id: String, _ update: SubnetUpdate, caller: Caller, expectedRevision: Int? = nil) async throws -> Subnet {
        try NetworkPolicy.requireWrite(caller, action: "update_subnet")
        return try await repository.write { session in
            var (subnet, _) = try await visibleSubnet(id, caller: caller, in: session)
            guard caller.owns(subnet.projectId) else { throw PatchbayError.policyNotAuthorized("update_subnet") }
            try checkRevision(expectedRevision, current: subnet.audit.revisionNumber, kind: "subnet", id: id)
            if update.gateway != nil || update.pools != nil {
                let cidr = try IPNetwork.parse(cidr: subnet.cidr)
                let gateway = update.gateway ?? (subnet.gatewayIp.flatMap(IPAddress.init).map(GatewayChoice.explicit) ?? .none)
                let layout = try SubnetLayout.plan(cidr: cidr, gateway: gateway, pools: update.pools ?? subnet.allocationPools)
                subnet.gatewayIp = layout.gateway?.description
                subnet.allocationPools = layout.pools
            }
            if let name = update.name { subnet.name = name }
            if let description = update.description { subnet.description = description }
            if let dns = update.dnsNameservers { subnet.dnsNameservers = dns }
            if let routes = update.hostRoutes { subnet.hostRoutes = routes }
            if let dhcp = update.enableDhcp { subnet.enableDhcp = dhcp }
            subnet.audit = subnet.audit.bumped(at: clock.now())
            try await session.update(subnet)
            return subnet
        }
    }

    /// Deletes a subnet; 409 `SubnetInUse` while a non-DHCP port holds an address in it. On
    /// SLAAC and DHCPv6-stateless subnets the addresses are the ports' own (EUI-64), so they are
    /// removed from the ports instead, as Neutron does.
    func deleteSubnet(_ id: String, caller: Caller, expectedRevision: Int? = nil) async throws {
        try NetworkPolicy.requireWrite(caller, action: "delete_subnet")
        try await repository.write { session in
            let (subnet, _) = try await visibleSubnet(id, caller: caller, in: session)
            guard caller.owns(subnet.projectId) else { throw PatchbayError.policyNotAuthorized("delete_subnet") }
            try checkRevision(expectedRevision, current: subnet.audit.revisionNumber, kind: "subnet", id: id)
            let holders = try await session.ports(network: subnet.networkId).filter { port in
                port.fixedIps.contains { $0.subnetId == id }
            }
            if !isAutoAddressed(subnet), holders.contains(where: { !$0.deviceOwner.hasPrefix("network:dhcp") }) {
                throw PatchbayError.conflict("SubnetInUse", code: "subnet.in_use",
                    "Unable to complete operation on subnet \(id): One or more ports have an IP allocation from this subnet.")
            }
            for var port in holders {
                port.fixedIps.removeAll { $0.subnetId == id }
                port.audit = port.audit.bumped(at: clock.now())
                try await session.update(port)
            }
            try await session.deleteSubnet(id)
            try await bumpRevision(of: subnet.networkId, in: session)
        }
    }
}
