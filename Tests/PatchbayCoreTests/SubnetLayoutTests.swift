import Testing
@testable import PatchbayCore

private func ip(_ text: String) -> IPAddress {
    guard let address = IPAddress(text) else { preconditionFailure("bad fixture address \(text)") }
    return address
}

private func net(_ text: String) -> IPNetwork {
    guard let network = IPNetwork(text) else { preconditionFailure("bad fixture network \(text)") }
    return network
}

/// Pools written as "start-end" text, e.g. "10.0.0.2-10.0.0.254".
private func pools(_ ranges: [String]) -> [AllocationPool] {
    ranges.map { range in
        let ends = range.split(separator: "-").map(String.init)
        return AllocationPool(start: ip(ends[0]), end: ip(ends[1]))
    }
}

/// The gateway spelled as in a request: "auto" (left out), "none" (null) or an address.
private func choice(_ text: String) -> GatewayChoice {
    switch text {
    case "auto": .automatic
    case "none": .none
    default: .explicit(ip(text))
    }
}

@Suite("SubnetLayout")
struct SubnetLayoutTests {
    @Test("default gateway and pools follow Neutron", arguments: [
        ("10.0.0.0/24", "auto", "10.0.0.1", ["10.0.0.2-10.0.0.254"]),
        ("10.0.0.0/24", "none", nil, ["10.0.0.1-10.0.0.254"]),
        ("10.0.0.0/24", "10.0.0.254", "10.0.0.254", ["10.0.0.1-10.0.0.253"]),
        ("10.0.0.0/24", "10.0.0.128", "10.0.0.128", ["10.0.0.1-10.0.0.127", "10.0.0.129-10.0.0.254"]),
        ("10.0.0.0/24", "192.168.0.1", "192.168.0.1", ["10.0.0.1-10.0.0.254"]),
        ("10.0.0.0/30", "auto", "10.0.0.1", ["10.0.0.2-10.0.0.2"]),
        ("10.0.0.0/30", "none", nil, ["10.0.0.1-10.0.0.2"]),
        ("10.0.0.0/30", "10.0.0.2", "10.0.0.2", ["10.0.0.1-10.0.0.1"]),
        ("10.14.0.20/31", "none", nil, ["10.14.0.20-10.14.0.21"]),
        ("10.14.0.20/31", "10.14.0.19", "10.14.0.19", ["10.14.0.20-10.14.0.21"]),
        ("10.0.0.0/32", "auto", "10.0.0.1", ["10.0.0.0-10.0.0.0"]),
        ("10.14.0.20/32", "10.14.0.19", "10.14.0.19", ["10.14.0.20-10.14.0.20"]),
        ("255.255.255.255/32", "auto", nil, ["255.255.255.255-255.255.255.255"]),
        ("2001:db8::/64", "auto", "2001:db8::", ["2001:db8::1-2001:db8::ffff:ffff:ffff:ffff"]),
        ("2001:db8::/64", "2001:db8::1", "2001:db8::1", ["2001:db8::2-2001:db8::ffff:ffff:ffff:ffff"]),
        ("2001:db8::/64", "2001:db8::ffff:ffff:ffff:ffff", "2001:db8::ffff:ffff:ffff:ffff",
         ["2001:db8::1-2001:db8::ffff:ffff:ffff:fffe"]),
        ("2001:db8::/64", "fe80::1", "fe80::1", ["2001:db8::1-2001:db8::ffff:ffff:ffff:ffff"]),
        ("2001:db8::/127", "auto", "2001:db8::", ["2001:db8::1-2001:db8::1"]),
        ("2001:db8::/127", "2001:db8::1", "2001:db8::1", []),
        ("2001:db8::1/128", "auto", "2001:db8::1", ["2001:db8::1-2001:db8::1"]),
    ] as [(String, String, String?, [String])])
    func defaults(cidr: String, gateway: String, expectedGateway: String?, expectedPools: [String]) throws {
        let layout = try SubnetLayout.plan(cidr: net(cidr), gateway: choice(gateway), pools: nil)
        #expect(layout.cidr == net(cidr))
        #expect(layout.gateway?.description == expectedGateway)
        #expect(layout.pools == pools(expectedPools))
    }

    @Test("given pools are validated and kept, sorted by start", arguments: [
        ("10.0.0.0/24", "auto", ["10.0.0.100-10.0.0.200", "10.0.0.10-10.0.0.20"],
         ["10.0.0.10-10.0.0.20", "10.0.0.100-10.0.0.200"]),
        ("10.0.0.0/24", "10.0.0.1", ["10.0.0.2-10.0.0.254"], ["10.0.0.2-10.0.0.254"]),
        ("10.0.0.0/24", "10.0.0.50", ["10.0.0.10-10.0.0.49", "10.0.0.51-10.0.0.60"],
         ["10.0.0.10-10.0.0.49", "10.0.0.51-10.0.0.60"]),
        ("10.14.0.20/31", "none", ["10.14.0.20-10.14.0.21"], ["10.14.0.20-10.14.0.21"]),
        ("2001:db8::/64", "auto", ["2001:db8::1-2001:db8::1"], ["2001:db8::1-2001:db8::1"]),
        ("2001:db8::/64", "2001:db8::1", ["2001:db8::ff00-2001:db8::ffff:ffff:ffff:ffff"],
         ["2001:db8::ff00-2001:db8::ffff:ffff:ffff:ffff"]),
    ])
    func givenPools(cidr: String, gateway: String, given: [String], expected: [String]) throws {
        let layout = try SubnetLayout.plan(cidr: net(cidr), gateway: choice(gateway), pools: pools(given))
        #expect(layout.pools == pools(expected))
    }

    @Test("an IPv6 gateway may be the network address", arguments: ["2001:db8::", "2001:db8::ffff"])
    func ipv6GatewayAtEdges(gateway: String) throws {
        let layout = try SubnetLayout.plan(cidr: net("2001:db8::/112"), gateway: .explicit(ip(gateway)), pools: nil)
        #expect(layout.gateway == ip(gateway))
    }

    static let failures: [(String, String, [String]?, PatchbayError)] = [
        // gateway of the other version
        ("10.0.0.0/24", "2001:db8::1", nil,
         .invalidInput("gateway_ip '2001:db8::1' does not match the ip_version '4'")),
        ("2001:db8::/64", "10.0.0.1", ["2001:db8::5-2001:db8::9"],
         .invalidInput("gateway_ip '10.0.0.1' does not match the ip_version '6'")),
        // IPv4 gateway on the network or broadcast address
        ("10.0.0.0/24", "10.0.0.0", nil, .invalidInput("Gateway is not valid on subnet")),
        ("10.0.0.0/24", "10.0.0.255", nil, .invalidInput("Gateway is not valid on subnet")),
        ("10.14.0.20/31", "10.14.0.21", nil, .invalidInput("Gateway is not valid on subnet")),
        ("10.14.0.20/32", "10.14.0.20", nil, .invalidInput("Gateway is not valid on subnet")),
        // the gateway checks come before the pool checks
        ("10.0.0.0/24", "10.0.0.255", ["10.0.0.9-10.0.0.2"], .invalidInput("Gateway is not valid on subnet")),
        // reversed, mixed or foreign-version pools
        ("10.0.0.0/24", "auto", ["10.0.0.20-10.0.0.10"],
         PatchbayError(code: "subnet.invalid_allocation_pool", type: "InvalidAllocationPool",
                       category: .badRequest, message: "The allocation pool 10.0.0.20-10.0.0.10 is not valid.")),
        ("10.0.0.0/24", "auto", ["10.0.0.2-::5"],
         PatchbayError(code: "subnet.invalid_allocation_pool", type: "InvalidAllocationPool",
                       category: .badRequest, message: "The allocation pool 10.0.0.2-::5 is not valid.")),
        ("10.0.0.0/24", "auto", ["::2-::5"],
         PatchbayError(code: "subnet.invalid_allocation_pool", type: "InvalidAllocationPool",
                       category: .badRequest, message: "The allocation pool ::2-::5 is not valid.")),
        // a reversed pool is reported before an earlier out-of-bounds one
        ("10.0.0.0/24", "auto", ["10.0.1.1-10.0.1.5", "10.0.0.9-10.0.0.2"],
         PatchbayError(code: "subnet.invalid_allocation_pool", type: "InvalidAllocationPool",
                       category: .badRequest, message: "The allocation pool 10.0.0.9-10.0.0.2 is not valid.")),
        // pools beyond the usable range
        ("10.0.0.0/24", "auto", ["10.0.0.0-10.0.0.5"], outOfBounds("10.0.0.0-10.0.0.5", "10.0.0.0/24")),
        ("10.0.0.0/24", "auto", ["10.0.0.250-10.0.0.255"], outOfBounds("10.0.0.250-10.0.0.255", "10.0.0.0/24")),
        ("10.0.0.0/24", "auto", ["10.0.1.1-10.0.1.5"], outOfBounds("10.0.1.1-10.0.1.5", "10.0.0.0/24")),
        ("10.0.0.0/24", "auto", ["9.255.255.250-10.0.0.5"], outOfBounds("9.255.255.250-10.0.0.5", "10.0.0.0/24")),
        ("10.14.0.20/31", "none", ["10.14.0.20-10.14.0.22"], outOfBounds("10.14.0.20-10.14.0.22", "10.14.0.20/31")),
        ("2001:db8::/64", "auto", ["2001:db8::-2001:db8::5"],
         outOfBounds("2001:db8::-2001:db8::5", "2001:db8::/64")),
        ("2001:db8::1/128", "none", ["2001:db8::1-2001:db8::1"],
         outOfBounds("2001:db8::1-2001:db8::1", "2001:db8::1/128")),
        // overlapping pools: the first pair in request order
        ("10.0.0.0/24", "auto", ["10.0.0.10-10.0.0.20", "10.0.0.30-10.0.0.40", "10.0.0.15-10.0.0.35"],
         .conflict("OverlappingAllocationPools", code: "subnet.pools_overlap",
                   "Found overlapping allocation pools: 10.0.0.10-10.0.0.20 10.0.0.15-10.0.0.35 for subnet 10.0.0.0/24.")),
        ("10.0.0.0/24", "auto", ["10.0.0.30-10.0.0.40", "10.0.0.40-10.0.0.50"],
         .conflict("OverlappingAllocationPools", code: "subnet.pools_overlap",
                   "Found overlapping allocation pools: 10.0.0.30-10.0.0.40 10.0.0.40-10.0.0.50 for subnet 10.0.0.0/24.")),
        // the gateway inside a pool, explicit or default
        ("10.0.0.0/24", "10.0.0.15", ["10.0.0.2-10.0.0.5", "10.0.0.10-10.0.0.20"],
         .conflict("GatewayConflictWithAllocationPools", code: "subnet.gateway_in_pool",
                   "Gateway ip 10.0.0.15 conflicts with allocation pool 10.0.0.10-10.0.0.20.")),
        ("10.0.0.0/24", "auto", ["10.0.0.1-10.0.0.10"],
         .conflict("GatewayConflictWithAllocationPools", code: "subnet.gateway_in_pool",
                   "Gateway ip 10.0.0.1 conflicts with allocation pool 10.0.0.1-10.0.0.10.")),
        ("2001:db8::/64", "2001:db8::1", ["2001:db8::1-2001:db8::9"],
         .conflict("GatewayConflictWithAllocationPools", code: "subnet.gateway_in_pool",
                   "Gateway ip 2001:db8::1 conflicts with allocation pool 2001:db8::1-2001:db8::9.")),
        // the default gateway of an IPv4 /31 is its broadcast address
        ("10.14.0.20/31", "auto", nil,
         .conflict("IpamValueInvalid", code: "subnet.gateway_reserved_address",
                   "Gateway IP 10.14.0.21 cannot be the network or broadcast IP address 10.14.0.20/31")),
    ]

    @Test("invalid gateways and pools are refused with Neutron's errors", arguments: failures)
    func plan_Fails(cidr: String, gateway: String, given: [String]?, expected: PatchbayError) {
        #expect(throws: expected) {
            try SubnetLayout.plan(cidr: net(cidr), gateway: choice(gateway), pools: given.map(pools))
        }
    }

    @Test("each pool error maps to Neutron's status", arguments: [
        ("10.0.0.20-10.0.0.10", 400), ("10.0.0.0-10.0.0.5", 400), ("10.0.0.10-10.0.0.20,10.0.0.20-10.0.0.30", 409),
        ("10.0.0.1-10.0.0.5", 409),
    ])
    func poolErrorStatus(given: String, status: Int) {
        let given = pools(given.split(separator: ",").map(String.init))
        #expect {
            try SubnetLayout.plan(cidr: net("10.0.0.0/24"), gateway: .automatic, pools: given)
        } throws: { error in
            (error as? PatchbayError)?.category.httpStatus == status
        }
    }

    @Test("a new cidr may sit beside other subnets and other versions", arguments: [
        ("10.0.1.0/24", ["10.0.0.0/24", "10.0.2.0/23", "2001:db8::/64"]),
        ("2001:db8:1::/64", ["2001:db8::/64", "0.0.0.0/1"]),
        ("10.0.0.0/24", []),
    ])
    func checkOverlap(cidr: String, existing: [String]) throws {
        try SubnetLayout.checkOverlap(net(cidr), networkId: "net-1", existing: existing.map(net))
    }

    @Test("an overlapping or /0 cidr is refused", arguments: [
        ("10.0.0.128/25", ["10.1.0.0/16", "10.0.0.0/24"],
         "Requested subnet with cidr: 10.0.0.128/25 for network: net-1 overlaps with another subnet"),
        ("10.0.0.0/8", ["10.200.0.0/24"],
         "Requested subnet with cidr: 10.0.0.0/8 for network: net-1 overlaps with another subnet"),
        ("2001:db8::/64", ["2001:db8::/64"],
         "Requested subnet with cidr: 2001:db8::/64 for network: net-1 overlaps with another subnet"),
        ("0.0.0.0/0", [], "0 is not allowed as CIDR prefix length"),
        ("::/0", ["10.0.0.0/24"], "0 is not allowed as CIDR prefix length"),
    ])
    func checkOverlap_Fails(cidr: String, existing: [String], reason: String) {
        #expect(throws: PatchbayError.invalidInput(reason)) {
            try SubnetLayout.checkOverlap(net(cidr), networkId: "net-1", existing: existing.map(net))
        }
    }

    @Test("usable range drops reserved addresses", arguments: [
        ("10.0.0.0/24", "10.0.0.1", "10.0.0.254"), ("10.0.0.0/30", "10.0.0.1", "10.0.0.2"),
        ("10.0.0.0/31", "10.0.0.0", "10.0.0.1"), ("10.0.0.9/32", "10.0.0.9", "10.0.0.9"),
        ("2001:db8::/127", "2001:db8::1", "2001:db8::1"),
    ])
    func usableRange(cidr: String, lower: String, upper: String) throws {
        let range = try #require(SubnetLayout.usableRange(of: net(cidr)))
        #expect(range == ip(lower).value...ip(upper).value)
    }

    @Test("an IPv6 /128 has no usable range")
    func usableRange_Fails() {
        #expect(SubnetLayout.usableRange(of: net("2001:db8::1/128")) == nil)
        #expect(SubnetLayout.usableRange(of: net("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128")) == nil)
    }
}

private func outOfBounds(_ pool: String, _ cidr: String) -> PatchbayError {
    PatchbayError(code: "subnet.pool_out_of_bounds", type: "OutOfBoundsAllocationPool", category: .badRequest,
                  message: "The allocation pool \(pool) spans beyond the subnet cidr \(cidr).")
}
