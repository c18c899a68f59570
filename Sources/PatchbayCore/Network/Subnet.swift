/// A Neutron subnet: an IP range on a network with its gateway, pools and DHCP options.
public struct Subnet: Sendable, Codable, Hashable, Identifiable {
    /// The subnet's UUID.
    public var id: String
    /// The owning project.
    public var projectId: String
    /// The network the subnet belongs to.
    public var networkId: String
    /// Display name.
    public var name: String
    /// Free-form description.
    public var description: String
    /// 4 or 6.
    public var ipVersion: Int
    /// The canonical CIDR text, e.g. `10.0.0.0/24`.
    public var cidr: String
    /// The gateway address, or nil for none.
    public var gatewayIp: String?
    /// Address ranges from which fixed IPs are allocated.
    public var allocationPools: [AllocationPool]
    /// DNS servers handed to guests (at most 5).
    public var dnsNameservers: [String]
    /// Static routes handed to guests (at most 20).
    public var hostRoutes: [HostRoute]
    /// Whether DHCP is enabled.
    public var enableDhcp: Bool
    /// IPv6 router advertisement mode, if any.
    public var ipv6RaMode: String?
    /// IPv6 address mode, if any.
    public var ipv6AddressMode: String?
    /// Tags (standard-attr-tag).
    public var tags: [String]
    /// Creation and update times and revision.
    public var audit: AuditStamp

    /// Creates a subnet.
    public init(id: String, projectId: String, networkId: String, name: String = "", description: String = "",
                ipVersion: Int, cidr: String, gatewayIp: String?, allocationPools: [AllocationPool],
                dnsNameservers: [String] = [], hostRoutes: [HostRoute] = [], enableDhcp: Bool = true,
                ipv6RaMode: String? = nil, ipv6AddressMode: String? = nil, tags: [String] = [], audit: AuditStamp) {
        self.id = id
        self.projectId = projectId
        self.networkId = networkId
        self.name = name
        self.description = description
        self.ipVersion = ipVersion
        self.cidr = cidr
        self.gatewayIp = gatewayIp
        self.allocationPools = allocationPools
        self.dnsNameservers = dnsNameservers
        self.hostRoutes = hostRoutes
        self.enableDhcp = enableDhcp
        self.ipv6RaMode = ipv6RaMode
        self.ipv6AddressMode = ipv6AddressMode
        self.tags = tags
        self.audit = audit
    }
}

/// A static route pushed to guests: `{"destination": cidr, "nexthop": ip}`.
public struct HostRoute: Sendable, Codable, Hashable {
    /// Destination CIDR.
    public var destination: String
    /// Next-hop address.
    public var nexthop: String

    /// Creates a route.
    public init(destination: String, nexthop: String) {
        self.destination = destination
        self.nexthop = nexthop
    }
}
