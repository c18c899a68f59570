import Testing
@testable import PatchbayCore

private func ip(_ text: String) -> IPAddress {
    guard let address = IPAddress(text) else { preconditionFailure("bad fixture address \(text)") }
    return address
}

private func pool(_ start: String, _ end: String) -> AllocationPool {
    AllocationPool(start: ip(start), end: ip(end))
}

@Suite("IPAllocator")
struct IPAllocatorTests {
    static let twoPools = [pool("10.0.0.2", "10.0.0.4"), pool("10.0.0.10", "10.0.0.12")]

    @Test("the lowest free address is taken, pool by pool", arguments: [
        ([], "10.0.0.2"),
        (["10.0.0.2"], "10.0.0.3"),
        (["10.0.0.3"], "10.0.0.2"),
        (["10.0.0.2", "10.0.0.3", "10.0.0.4"], "10.0.0.10"),
        (["10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.10"], "10.0.0.11"),
        (["10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.10", "10.0.0.11"], "10.0.0.12"),
        (["10.0.0.1", "10.0.0.5", "10.0.0.2", "10.0.0.3", "10.0.0.4"], "10.0.0.10"),
    ])
    func firstFree(used: [String], expected: String) {
        #expect(IPAllocator.firstFree(in: Self.twoPools, excluding: Set(used.map(ip))) == ip(expected))
    }

    @Test("pools are tried in the given order, not address order")
    func poolOrder() {
        let pools = [pool("10.0.0.10", "10.0.0.12"), pool("10.0.0.2", "10.0.0.4")]
        #expect(IPAllocator.firstFree(in: pools, excluding: []) == ip("10.0.0.10"))
        #expect(IPAllocator.firstFree(in: pools, excluding: Set(["10.0.0.10", "10.0.0.11", "10.0.0.12"].map(ip)))
                == ip("10.0.0.2"))
    }

    @Test("exhausted or empty pools give nil", arguments: [
        (twoPools, ["10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.10", "10.0.0.11", "10.0.0.12"]),
        ([], []),
        ([pool("10.0.0.5", "10.0.0.5")], ["10.0.0.5"]),
        ([pool("10.0.0.9", "10.0.0.2")], []),
        ([pool("255.255.255.254", "255.255.255.255")], ["255.255.255.254", "255.255.255.255"]),
        ([pool("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")],
         ["ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"]),
    ] as [([AllocationPool], [String])])
    func firstFree_Fails(pools: [AllocationPool], used: [String]) {
        #expect(IPAllocator.firstFree(in: pools, excluding: Set(used.map(ip))) == nil)
    }

    @Test("a /64 pool is walked past used addresses without enumerating it")
    func largePool() {
        let pools = [pool("2001:db8::1", "2001:db8::ffff:ffff:ffff:ffff")]
        let start = ip("2001:db8::1").value
        let used = Set((0..<5000).map { IPAddress(version: 6, value: start + UInt128($0)) })
        let free = IPAllocator.firstFree(in: pools, excluding: used)
        #expect(free == IPAddress(version: 6, value: start + 5000))
        #expect(free?.description == "2001:db8::1389")
    }

    @Test("contains checks every pool and the version", arguments: [
        ("10.0.0.2", true), ("10.0.0.4", true), ("10.0.0.12", true),
        ("10.0.0.5", false), ("10.0.0.1", false), ("10.0.0.13", false), ("::ffff:10.0.0.3", false),
    ])
    func contains(address: String, expected: Bool) {
        #expect(IPAllocator.contains(Self.twoPools, ip(address)) == expected)
    }
}
