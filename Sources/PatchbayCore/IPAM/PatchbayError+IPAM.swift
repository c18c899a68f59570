/// The IPAM failures, with Neutron's exception types and messages.
extension PatchbayError {
    /// 400 `InvalidInput`: "'<text>' is not a valid IP subnet".
    static func invalidSubnet(_ text: String) -> PatchbayError {
        .invalidInput("'\(text)' is not a valid IP subnet")
    }

    /// 400 `InvalidInput`: the text names a network but not in the form Neutron accepts.
    static func unrecognizedSubnetCIDR(_ text: String, recommended: IPNetwork) -> PatchbayError {
        .invalidInput("'\(text)' isn't a recognized IP subnet cidr, '\(recommended)' is recommended")
    }

    /// 400 `InvalidAllocationPool`: a pool's ends are reversed or of the wrong version.
    static func invalidAllocationPool(_ pool: AllocationPool) -> PatchbayError {
        PatchbayError(code: "subnet.invalid_allocation_pool", type: "InvalidAllocationPool",
                      category: .badRequest, message: "The allocation pool \(pool) is not valid.")
    }

    /// 400 `OutOfBoundsAllocationPool`: a pool reaches outside the subnet's usable range.
    static func allocationPoolOutOfBounds(_ pool: AllocationPool, cidr: IPNetwork) -> PatchbayError {
        PatchbayError(code: "subnet.pool_out_of_bounds", type: "OutOfBoundsAllocationPool",
                      category: .badRequest,
                      message: "The allocation pool \(pool) spans beyond the subnet cidr \(cidr).")
    }

    /// 409 `OverlappingAllocationPools`: two pools share an address.
    static func overlappingAllocationPools(_ first: AllocationPool, _ second: AllocationPool,
                                           cidr: IPNetwork) -> PatchbayError {
        .conflict("OverlappingAllocationPools", code: "subnet.pools_overlap",
                  "Found overlapping allocation pools: \(first) \(second) for subnet \(cidr).")
    }

    /// 409 `GatewayConflictWithAllocationPools`: the gateway lies inside a pool.
    static func gatewayInAllocationPool(_ gateway: IPAddress, pool: AllocationPool) -> PatchbayError {
        .conflict("GatewayConflictWithAllocationPools", code: "subnet.gateway_in_pool",
                  "Gateway ip \(gateway) conflicts with allocation pool \(pool).")
    }

    /// 400 `InvalidInput`: the gateway's IP version differs from the subnet's.
    static func gatewayVersionMismatch(_ gateway: IPAddress, subnetVersion: Int) -> PatchbayError {
        .invalidInput("gateway_ip '\(gateway)' does not match the ip_version '\(subnetVersion)'")
    }

    /// 400 `InvalidInput`: an explicit IPv4 gateway is the network or broadcast address.
    static let gatewayNotValidOnSubnet = PatchbayError.invalidInput("Gateway is not valid on subnet")

    /// 409 `IpamValueInvalid`: the default IPv4 gateway is the subnet's network or broadcast address.
    static func defaultGatewayReserved(_ gateway: IPAddress, cidr: IPNetwork) -> PatchbayError {
        .conflict("IpamValueInvalid", code: "subnet.gateway_reserved_address",
                  "Gateway IP \(gateway) cannot be the network or broadcast IP address \(cidr)")
    }

    /// 400 `InvalidInput`: a subnet cidr with prefix length 0.
    static let zeroPrefixLength = PatchbayError.invalidInput("0 is not allowed as CIDR prefix length")

    /// 400 `InvalidInput`: the new cidr overlaps another subnet of the same network.
    static func subnetOverlap(_ cidr: IPNetwork, networkId: String) -> PatchbayError {
        .invalidInput("Requested subnet with cidr: \(cidr) for network: \(networkId) overlaps with another subnet")
    }
}
