extension ConfigDrive {
    /// `network_data.json`: a link per NIC (`phy` or `vif`, with its MAC and MTU) and, where the
    /// guest tags, a `vlan` link on it; a network per fixed IP on the link it belongs to, with
    /// the default route through the subnet's gateway and the subnet's host routes; the DNS
    /// servers of every subnet as services.
    public var networkData: JSONValue {
        var links: [JSONValue] = [], networks: [JSONValue] = [], dns: [IPAddress] = []
        for (index, interface) in interfaces.enumerated() {
            let nic = Self.linkName(interface.portId)
            links.append(.object([
                "id": .string(nic), "vif_id": .string(interface.portId), "type": .string(interface.kind.rawValue),
                "mtu": .int(interface.mtu), "ethernet_mac_address": .string(interface.macAddress),
            ]))
            var carrier = nic
            if let vlan = interface.guestVLAN {
                carrier = "vlan\(index)"
                links.append(.object([
                    "id": .string(carrier), "vif_id": .string(interface.portId), "type": "vlan", "mtu": .int(interface.mtu),
                    "vlan_link": .string(nic), "vlan_id": .int(vlan), "vlan_mac_address": .string(interface.macAddress),
                ]))
            }
            for address in interface.addresses {
                networks.append(Self.network(address, id: "network\(networks.count)", link: carrier, networkId: interface.networkId))
                dns += address.dnsServers.filter { !dns.contains($0) }
            }
        }
        return .object(["links": .array(links), "networks": .array(networks), "services": .array(dns.map(Self.dnsService))])
    }

    /// The link name Nova gives a port's NIC: `tap` and the port id's first 11 characters.
    public static func linkName(_ portId: String) -> String { "tap" + portId.prefix(11) }

    private static func network(_ address: DriveAddress, id: String, link: String, networkId: String) -> JSONValue {
        let version = address.ipAddress.version
        var routes: [JSONValue] = []
        if let gateway = address.gateway {
            let any = IPAddress(version: version, value: 0)
            routes.append(route(IPNetwork(containing: any, prefixLength: 0), via: gateway))
        }
        routes += address.hostRoutes.map { route($0.destination, via: $0.nexthop) }
        return .object([
            "id": .string(id), "link": .string(link), "network_id": .string(networkId),
            "type": .string(version == 4 ? "ipv4" : "ipv6"),
            "ip_address": .string(address.ipAddress.description),
            "netmask": .string(address.subnet.netmask.description),
            "routes": .array(routes),
            "services": .array(address.dnsServers.map(dnsService)),
        ])
    }

    private static func route(_ destination: IPNetwork, via gateway: IPAddress) -> JSONValue {
        .object([
            "network": .string(destination.address.description),
            "netmask": .string(destination.netmask.description),
            "gateway": .string(gateway.description),
        ])
    }

    private static func dnsService(_ server: IPAddress) -> JSONValue {
        .object(["type": "dns", "address": .string(server.description)])
    }
}
