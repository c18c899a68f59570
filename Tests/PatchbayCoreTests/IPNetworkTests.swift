import Foundation
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

@Suite("IPNetwork")
struct IPNetworkTests {
    @Test("exact CIDR text parses; a bare address is a host route", arguments: [
        ("10.0.0.0/24", "10.0.0.0/24"),
        ("10.0.0.1", "10.0.0.1/32"),
        ("0.0.0.0/0", "0.0.0.0/0"),
        ("2001:DB8::/32", "2001:db8::/32"),
        ("::1", "::1/128"),
        ("::/0", "::/0"),
    ])
    func exactText(text: String, canonical: String) throws {
        #expect(try #require(IPNetwork(text)).description == canonical)
    }

    @Test("inexact CIDR text is refused", arguments: [
        "10.0.0.1/24", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/024", "10.0.0.0/-1", "/24", "10.0.0.0/24 ",
        "10.0.0.0/2 4", "10.0.0.0/24/1", "2001:db8::1/64", "", "fe80::%eth0/64",
    ])
    func exactText_Fails(text: String) {
        #expect(IPNetwork(text) == nil)
    }

    @Test("subnet cidr parse clears host bits like Neutron", arguments: [
        ("10.0.0.0/24", "10.0.0.0/24"),
        ("10.0.0.1/24", "10.0.0.0/24"),
        ("10.129.122.5/8", "10.0.0.0/8"),
        ("11.129.122.5/15", "11.128.0.0/15"),
        ("16.129.122.5/28", "16.129.122.0/28"),
        ("17.129.122.5/32", "17.129.122.5/32"),
        ("0.0.0.0/0", "0.0.0.0/0"),
        ("2001:DB8::1/64", "2001:db8::/64"),
        ("2001:db8::/064", "2001:db8::/64"),
        ("::/0", "::/0"),
    ])
    func parseCIDR(text: String, canonical: String) throws {
        #expect(try IPNetwork.parse(cidr: text).description == canonical)
    }

    @Test("subnet cidr parse reports Neutron's errors", arguments: [
        ("10.0.0.0", "'10.0.0.0' isn't a recognized IP subnet cidr, '10.0.0.0/32' is recommended"),
        ("2001:db8::1", "'2001:db8::1' isn't a recognized IP subnet cidr, '2001:db8::1/128' is recommended"),
        ("10.0.0.1/024", "'10.0.0.1/024' isn't a recognized IP subnet cidr, '10.0.0.0/24' is recommended"),
        ("10.0.0.0/33", "'10.0.0.0/33' is not a valid IP subnet"),
        ("::/129", "'::/129' is not a valid IP subnet"),
        ("abc", "'abc' is not a valid IP subnet"),
        ("", "'' is not a valid IP subnet"),
        ("10.0.0.0/", "'10.0.0.0/' is not a valid IP subnet"),
        ("10.0.0.0/a", "'10.0.0.0/a' is not a valid IP subnet"),
        ("010.0.0.0/24", "'010.0.0.0/24' is not a valid IP subnet"),
        ("10.0.0.0/24 ", "'10.0.0.0/24 ' is not a valid IP subnet"),
        ("fe80::%eth0/64", "'fe80::%eth0/64' is not a valid IP subnet"),
    ])
    func parseCIDR_Fails(text: String, reason: String) {
        #expect(throws: PatchbayError.invalidInput(reason)) { try IPNetwork.parse(cidr: text) }
    }

    @Test("first, last and size", arguments: [
        ("10.0.0.0/24", "10.0.0.0", "10.0.0.255", UInt128(256)),
        ("10.0.0.4/30", "10.0.0.4", "10.0.0.7", UInt128(4)),
        ("10.0.0.7/32", "10.0.0.7", "10.0.0.7", UInt128(1)),
        ("0.0.0.0/0", "0.0.0.0", "255.255.255.255", UInt128(1) << 32),
        ("2001:db8::/64", "2001:db8::", "2001:db8::ffff:ffff:ffff:ffff", UInt128(1) << 64),
        ("::/0", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", UInt128.max),
    ])
    func bounds(cidr: String, first: String, last: String, size: UInt128) {
        let network = net(cidr)
        #expect(network.first == ip(first))
        #expect(network.last == ip(last))
        #expect(network.size == size)
    }

    @Test("contains checks version and range", arguments: [
        ("10.0.0.0/24", "10.0.0.0", true), ("10.0.0.0/24", "10.0.0.255", true),
        ("10.0.0.0/24", "10.0.1.0", false), ("10.0.0.0/24", "9.255.255.255", false),
        ("10.0.0.0/24", "::ffff:10.0.0.1", false), ("::/0", "10.0.0.1", false),
        ("2001:db8::/64", "2001:db8::ffff:ffff:ffff:ffff", true), ("2001:db8::/64", "2001:db8:0:1::", false),
    ])
    func contains(cidr: String, address: String, expected: Bool) {
        #expect(net(cidr).contains(ip(address)) == expected)
    }

    @Test("overlaps is symmetric and never crosses versions", arguments: [
        ("10.0.0.0/24", "10.0.0.128/25", true), ("10.0.0.0/8", "10.1.0.0/16", true),
        ("10.0.0.0/24", "10.0.0.0/24", true), ("10.0.0.0/24", "10.0.1.0/24", false),
        ("0.0.0.0/0", "::/0", false), ("2001:db8::/32", "2001:db8:1::/48", true),
        ("2001:db8::/48", "2001:db8:1::/48", false),
    ])
    func overlaps(lhs: String, rhs: String, expected: Bool) {
        #expect(net(lhs).overlaps(net(rhs)) == expected)
        #expect(net(rhs).overlaps(net(lhs)) == expected)
    }

    @Test("init(containing:) clears host bits")
    func containing() {
        #expect(IPNetwork(containing: ip("192.168.77.200"), prefixLength: 20).description == "192.168.64.0/20")
        #expect(IPNetwork(containing: ip("2001:db8::ff"), prefixLength: 0).description == "::/0")
    }

    @Test("Codable uses CIDR text and refuses inexact text")
    func codable() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        let data = try encoder.encode([net("2001:db8::/32")])
        #expect(String(decoding: data, as: UTF8.self) == #"["2001:db8::/32"]"#)
        #expect(try JSONDecoder().decode([IPNetwork].self, from: data) == [net("2001:db8::/32")])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([IPNetwork].self, from: Data(#"["10.0.0.1/24"]"#.utf8))
        }
    }
}
