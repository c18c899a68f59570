/// A subnet's address plan: its cidr, gateway and allocation pools, checked the way Neutron does.
public struct SubnetLayout: Sendable, Hashable {
    /// The subnet's network.
    public var cidr: IPNetwork
    /// The gateway address, or nil for none.
    public var gateway: IPAddress?
    /// The allocation pools, sorted by start address.
    public var pools: [AllocationPool]

    /// Creates a layout from parts that are already known to be consistent.
    public init(cidr: IPNetwork, gateway: IPAddress?, pools: [AllocationPool]) {
        self.cidr = cidr
        self.gateway = gateway
        self.pools = pools
    }

    /// Resolves the gateway, validates or generates the pools, and returns the layout.
    ///
    /// Checks run in Neutron's order; the first failure is thrown:
    /// 1. explicit gateway of the other IP version → 400 `InvalidInput`;
    /// 2. explicit IPv4 gateway equal to the network or broadcast address → 400 `InvalidInput`
    ///    (a gateway outside the cidr is allowed);
    /// 3. given pools: reversed or mixed-version ends, then per pool another version than the
    ///    subnet → 400 `InvalidAllocationPool`, or outside the usable range → 400
    ///    `OutOfBoundsAllocationPool`; then two pools overlapping → 409
    ///    `OverlappingAllocationPools`; then the gateway inside a pool → 409
    ///    `GatewayConflictWithAllocationPools`;
    /// 4. automatic IPv4 gateway equal to the network or broadcast address (a /31) → 409
    ///    `IpamValueInvalid`.
    ///
    /// With `pools` nil the pools are `defaultPools(for:gateway:)`. Given pools are kept as given,
    /// sorted by start.
    public static func plan(cidr: IPNetwork, gateway choice: GatewayChoice,
                            pools requested: [AllocationPool]?) throws(PatchbayError) -> SubnetLayout {
        if case .explicit(let address) = choice {
            guard address.version == cidr.version else {
                throw .gatewayVersionMismatch(address, subnetVersion: cidr.version)
            }
            if isReservedIPv4(address, in: cidr) { throw .gatewayNotValidOnSubnet }
        }
        let gateway = resolveGateway(choice, for: cidr)
        let pools: [AllocationPool]
        if let requested {
            try validatePools(requested, in: cidr)
            if let gateway, let pool = requested.first(where: { $0.contains(gateway) }) {
                throw .gatewayInAllocationPool(gateway, pool: pool)
            }
            pools = requested.sorted { $0.start < $1.start }
        } else {
            pools = defaultPools(for: cidr, gateway: gateway)
        }
        if case .automatic = choice, let gateway, isReservedIPv4(gateway, in: cidr) {
            throw .defaultGatewayReserved(gateway, cidr: cidr)
        }
        return SubnetLayout(cidr: cidr, gateway: gateway, pools: pools)
    }

    /// Checks a new subnet cidr against the cidrs of the other subnets of the same network.
    ///
    /// Throws 400 `InvalidInput` for a /0 ("0 is not allowed as CIDR prefix length") or when the
    /// cidr overlaps any of `existing`. Neutron runs this after `plan`'s checks.
    public static func checkOverlap(_ cidr: IPNetwork, networkId: String,
                                    existing: [IPNetwork]) throws(PatchbayError) {
        if cidr.prefixLength == 0 { throw .zeroPrefixLength }
        if existing.contains(where: { $0.overlaps(cidr) }) {
            throw .subnetOverlap(cidr, networkId: networkId)
        }
    }

    /// The gateway a choice stands for on `cidr`; nil for `.none` (and for an automatic IPv4
    /// gateway past 255.255.255.255).
    public static func resolveGateway(_ choice: GatewayChoice, for cidr: IPNetwork) -> IPAddress? {
        switch choice {
        case .none: nil
        case .explicit(let address): address
        case .automatic: cidr.version == 6 ? cidr.first : cidr.first.successor
        }
    }

    /// True for an IPv4 address that is the network or broadcast address of `cidr`.
    static func isReservedIPv4(_ address: IPAddress, in cidr: IPNetwork) -> Bool {
        cidr.version == 4 && cidr.contains(address) && (address == cidr.first || address == cidr.last)
    }
}
