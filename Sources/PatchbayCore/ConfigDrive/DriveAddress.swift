/// One fixed IP and what the guest needs of its subnet.
public struct DriveAddress: Sendable, Hashable {
    /// A route through the subnet: destination and next hop.
    public struct Route: Sendable, Hashable {
        /// Where the route leads.
        public var destination: IPNetwork
        /// The hop to it.
        public var nexthop: IPAddress

        /// Creates a route.
        public init(destination: IPNetwork, nexthop: IPAddress) {
            self.destination = destination
            self.nexthop = nexthop
        }
    }

    /// The address.
    public var ipAddress: IPAddress
    /// The subnet's CIDR.
    public var subnet: IPNetwork
    /// The subnet's gateway, if any (the default route).
    public var gateway: IPAddress?
    /// The subnet's host routes.
    public var hostRoutes: [Route]
    /// The subnet's DNS servers.
    public var dnsServers: [IPAddress]

    /// Creates an address.
    public init(ipAddress: IPAddress, subnet: IPNetwork, gateway: IPAddress? = nil, hostRoutes: [Route] = [],
                dnsServers: [IPAddress] = []) {
        self.ipAddress = ipAddress
        self.subnet = subnet
        self.gateway = gateway
        self.hostRoutes = hostRoutes
        self.dnsServers = dnsServers
    }

    /// A port's fixed IP on `subnet` (routes and DNS servers that do not parse are left out);
    /// nil when the address or the subnet's CIDR does not parse.
    public init?(fixedIP: String, on subnet: Subnet) {
        guard let address = IPAddress(fixedIP), let cidr = IPNetwork(subnet.cidr) else { return nil }
        self.init(ipAddress: address, subnet: cidr, gateway: subnet.gatewayIp.flatMap(IPAddress.init),
                  hostRoutes: subnet.hostRoutes.compactMap { route in
                      guard let destination = IPNetwork(route.destination), let nexthop = IPAddress(route.nexthop) else { return nil }
                      return Route(destination: destination, nexthop: nexthop)
                  },
                  dnsServers: subnet.dnsNameservers.compactMap(IPAddress.init))
    }
}
