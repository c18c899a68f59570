import PatchbayCore
import PatchbayStore

extension NetworkService {
    /// Chooses fixed IPs for a port. With no request: one address from the first IPv4 subnet that
    /// has room, an EUI-64 address on each SLAAC subnet, and one from the first other IPv6 subnet.
    func allocateAddresses(_ requests: [FixedIPRequest]?, networkId: String, mac: String, keeping kept: [FixedIP] = [],
                           in session: any NetworkSession) async throws -> [FixedIP] {
        let subnets = try await session.subnets(network: networkId)
        var chosen: [FixedIP] = []
        var usedCache: [String: Set<IPAddress>] = [:]
        func used(_ subnet: Subnet) async throws -> Set<IPAddress> {
            if let cached = usedCache[subnet.id] { return cached }
            var set = Set(try await session.allocatedAddresses(subnet: subnet.id).compactMap(IPAddress.init))
            for fixed in kept where fixed.subnetId == subnet.id { set.remove(IPAddress(fixed.ipAddress)!) }
            usedCache[subnet.id] = set
            return set
        }
        /// The subnet's cursor (claimed, so no concurrent create here gets the same address),
        /// else the lowest free address by a full scan. Sequential allocation stays O(1) per port
        /// and reads nothing: the primary key refuses a cursor address taken meanwhile, and the
        /// create runs again with the next one (see ``createPorts(_:caller:)``). Reading it first
        /// would take a predicate lock that every concurrent create on the subnet conflicts with.
        func free(in subnet: Subnet) async throws -> IPAddress? {
            if let candidate = cursors.claim(subnet: subnet.id) {
                if IPAllocator.contains(subnet.allocationPools, candidate),
                   !chosen.contains(where: { $0.subnetId == subnet.id && $0.ipAddress == candidate.description }),
                   !kept.contains(where: { $0.subnetId == subnet.id && $0.ipAddress == candidate.description }) {
                    return candidate
                }
                // Past the pool's end: the next allocations scan, from the lowest hole on.
                cursors.forget(subnet: subnet.id)
            }
            return IPAllocator.firstFree(in: subnet.allocationPools, excluding: try await used(subnet))
        }
        func take(_ subnet: Subnet, _ address: IPAddress) {
            usedCache[subnet.id, default: []].insert(address)
            cursors.advance(subnet: subnet.id, past: address)
            chosen.append(FixedIP(subnetId: subnet.id, ipAddress: address.description))
        }
        guard let requests else {
            for version in [4, 6] {
                let candidates = subnets.filter { $0.ipVersion == version }
                if version == 6 {
                    for subnet in candidates where isAutoAddressed(subnet) {
                        take(subnet, try eui64(subnet: subnet, mac: mac))
                    }
                }
                let pooled = candidates.filter { !isAutoAddressed($0) }
                guard !pooled.isEmpty else { continue }
                var found = false
                for subnet in pooled {
                    if let address = try await free(in: subnet) {
                        take(subnet, address)
                        found = true
                        break
                    }
                }
                if !found { throw generationFailure(networkId) }
            }
            return chosen
        }
        for request in requests {
            let subnet = try resolveSubnet(request, subnets: subnets, networkId: networkId)
            if let text = request.ipAddress {
                guard let address = IPAddress(text), address.version == subnet.ipVersion,
                      try IPNetwork.parse(cidr: subnet.cidr).contains(address)
                else {
                    throw PatchbayError(code: "port.invalid_ip_for_subnet", type: "InvalidIpForSubnet", category: .badRequest,
                                        message: "IP address \(text) is not a valid IP for the specified subnet.")
                }
                if try await used(subnet).contains(address) {
                    throw PatchbayError(code: "port.ip_already_allocated", type: "IpAddressAlreadyAllocated", category: .conflict,
                                        message: "IP address \(address) already allocated in subnet \(subnet.id)")
                }
                take(subnet, address)
            } else if isAutoAddressed(subnet) {
                take(subnet, try eui64(subnet: subnet, mac: mac))
            } else {
                guard let address = try await free(in: subnet) else {
                    throw generationFailure(networkId)
                }
                take(subnet, address)
            }
        }
        return chosen
    }

    private func resolveSubnet(_ request: FixedIPRequest, subnets: [Subnet], networkId: String) throws -> Subnet {
        if let subnetId = request.subnetId {
            guard let subnet = subnets.first(where: { $0.id == subnetId }) else {
                throw PatchbayError.invalidInput("Failed to create port on network \(networkId), because fixed_ips included invalid subnet \(subnetId)")
            }
            return subnet
        }
        guard let text = request.ipAddress, let address = IPAddress(text),
              let subnet = subnets.first(where: { (try? IPNetwork.parse(cidr: $0.cidr).contains(address)) == true })
        else {
            throw PatchbayError(code: "port.invalid_ip_for_network", type: "InvalidIpForNetwork", category: .badRequest,
                                message: "IP address \(request.ipAddress ?? "") is not a valid IP for any of the subnets on the specified network.")
        }
        return subnet
    }

    /// SLAAC and DHCPv6-stateless subnets give ports EUI-64 addresses rather than pool ones.
    func isAutoAddressed(_ subnet: Subnet) -> Bool {
        subnet.ipVersion == 6 && (subnet.ipv6AddressMode == "slaac" || subnet.ipv6AddressMode == "dhcpv6-stateless")
    }

    /// The SLAAC address: the /64 prefix plus the modified EUI-64 interface id of the MAC.
    private func eui64(subnet: Subnet, mac: String) throws -> IPAddress {
        let network = try IPNetwork.parse(cidr: subnet.cidr)
        guard let octets = MACAddress(mac)?.octets else { throw PatchbayError.invalidInput("'\(mac)' is not a valid MAC address") }
        let eui = [octets[0] ^ 0x02, octets[1], octets[2], 0xFF, 0xFE, octets[3], octets[4], octets[5]]
        let interface = eui.reduce(UInt128(0)) { ($0 << 8) | UInt128($1) }
        let prefix = network.address.value & ~((UInt128(1) << 64) - 1)
        return IPAddress(version: 6, value: prefix | interface)
    }

    private func generationFailure(_ networkId: String) -> PatchbayError {
        PatchbayError(code: "port.ip_generation_failure", type: "IpAddressGenerationFailure", category: .conflict,
                      message: "No more IP addresses available on network \(networkId).")
    }
}
