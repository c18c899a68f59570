/// Generating and validating allocation pools.
extension SubnetLayout {
    /// The addresses pools may use: IPv4 /0–/30 drop the network and broadcast addresses, IPv4
    /// /31 and /32 use every address (RFC 3021), IPv6 drops the network address. Nil when empty.
    public static func usableRange(of cidr: IPNetwork) -> ClosedRange<UInt128>? {
        let first = cidr.first.value
        let last = cidr.last.value
        if cidr.version == 4 {
            return cidr.prefixLength <= 30 ? (first + 1)...(last - 1) : first...last
        }
        return first < last ? (first + 1)...last : nil
    }

    /// Neutron's default pools: the usable range minus the gateway, which may split it in two.
    ///
    /// A single-address network (/32, /128) is one pool of that address whatever the gateway.
    public static func defaultPools(for cidr: IPNetwork, gateway: IPAddress?) -> [AllocationPool] {
        let version = cidr.version
        func pool(_ range: ClosedRange<UInt128>) -> AllocationPool {
            AllocationPool(start: IPAddress(version: version, value: range.lowerBound),
                           end: IPAddress(version: version, value: range.upperBound))
        }
        if cidr.first == cidr.last { return [pool(cidr.first.value...cidr.last.value)] }
        guard let usable = usableRange(of: cidr) else { return [] }
        guard let gateway, gateway.version == version, usable.contains(gateway.value) else {
            return [pool(usable)]
        }
        var pools: [AllocationPool] = []
        if gateway.value > usable.lowerBound { pools.append(pool(usable.lowerBound...(gateway.value - 1))) }
        if gateway.value < usable.upperBound { pools.append(pool((gateway.value + 1)...usable.upperBound)) }
        return pools
    }

    /// Validates requested pools against `cidr` in Neutron's order (see `plan`).
    static func validatePools(_ pools: [AllocationPool], in cidr: IPNetwork) throws(PatchbayError) {
        if let malformed = pools.first(where: { !$0.isWellFormed }) {
            throw .invalidAllocationPool(malformed)
        }
        let usable = usableRange(of: cidr)
        for pool in pools {
            guard pool.start.version == cidr.version else { throw .invalidAllocationPool(pool) }
            guard let usable, usable.contains(pool.start.value), usable.contains(pool.end.value) else {
                throw .allocationPoolOutOfBounds(pool, cidr: cidr)
            }
        }
        for (index, pool) in pools.enumerated() {
            if let other = pools[(index + 1)...].first(where: { $0.overlaps(pool) }) {
                throw .overlappingAllocationPools(pool, other, cidr: cidr)
            }
        }
    }
}
