import Foundation
import Testing
@testable import PatchbayCore

@Suite("IPAddress")
struct IPAddressTests {
    @Test("IPv4 text parses to its value and prints back unchanged", arguments: [
        ("0.0.0.0", UInt128(0)),
        ("10.0.0.1", UInt128(0x0A00_0001)),
        ("192.168.100.254", UInt128(0xC0A8_64FE)),
        ("255.255.255.255", UInt128(UInt32.max)),
    ])
    func parseIPv4(text: String, value: UInt128) throws {
        let address = try #require(IPAddress(text))
        #expect(address.version == 4)
        #expect(address.value == value)
        #expect(address.description == text)
    }

    @Test("malformed IPv4 text is refused", arguments: [
        "", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1.2.3.256", "01.2.3.4", "1.2.3.04", "1.2.3.00", "1..2.3",
        " 1.2.3.4", "1.2.3.4 ", "1.2.3.-4", "1.2.3.+4", "1.2.3.a", "1111.1.1.1", "0x1.2.3.4", "1.2.3.4/32",
        "١.2.3.4", "1.2.3.4.", ".1.2.3.4", "4294967295",
    ])
    func parseIPv4_Fails(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test("IPv6 text is printed in canonical form", arguments: [
        ("::", "::"),
        ("::1", "::1"),
        ("1::", "1::"),
        ("2001:DB8::1", "2001:db8::1"),
        ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),      // tie: the first run is compressed
        ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),            // the longest run wins
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),   // a single zero group stays
        ("0:0:1:0:0:0:0:0", "0:0:1::"),
        ("1:0:0:0:0:0:0:0", "1::"),
        ("FE80:0:0:0:0:0:0:1", "fe80::1"),
        ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"),
        ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"),
        ("::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"),
        ("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
        ("::ffff:1.2.3.4", "::ffff:1.2.3.4"),
        ("::FFFF:0102:0304", "::ffff:1.2.3.4"),
        ("0:0:0:0:0:ffff:0:0", "::ffff:0.0.0.0"),
        ("::1.2.3.4", "::1.2.3.4"),
        ("::0.0.0.1", "::1"),
        ("::1:2", "::0.1.0.2"),
        ("::ffff:1:2", "::ffff:0.1.0.2"),
        ("64:ff9b::1.2.3.4", "64:ff9b::102:304"),
        ("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"),
    ])
    func canonicalIPv6(text: String, canonical: String) throws {
        let address = try #require(IPAddress(text))
        #expect(address.version == 6)
        #expect(address.description == canonical)
        #expect(IPAddress(canonical) == address)
    }

    @Test("IPv6 text is parsed to the right value")
    func ipv6Value() throws {
        #expect(try #require(IPAddress("2001:db8::1")).value == 0x2001_0db8_0000_0000_0000_0000_0000_0001)
        #expect(try #require(IPAddress("::ffff:10.0.0.1")).value == 0xffff_0a00_0001)
    }

    @Test("malformed IPv6 text is refused", arguments: [
        ":", ":::", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "fe80::1%eth0", "fe80::1%1",
        "g::1", ":1::", "1::2:", ":1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8",
        "::1.2.3", "::1.2.3.4:5", "1.2.3.4::", "::01.2.3.4", "::256.1.1.1", "1:2:3:4:5:6:7:1.2.3.4", " ::1", "::1 ",
        "[::1]", "::-1", "::+1", "1:2:3:4:5:6:7:8:1.2.3.4",
    ])
    func parseIPv6_Fails(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test("addresses order by version, then value")
    func ordering() throws {
        let sorted = ["10.0.0.2", "::", "10.0.0.10", "255.255.255.255", "::1", "0.0.0.0"]
            .compactMap(IPAddress.init).sorted().map(\.description)
        #expect(sorted == ["0.0.0.0", "10.0.0.2", "10.0.0.10", "255.255.255.255", "::", "::1"])
    }

    @Test("successor and predecessor stop at the ends of the address space")
    func neighbours() throws {
        #expect(try #require(IPAddress("10.0.0.255")).successor?.description == "10.0.1.0")
        #expect(try #require(IPAddress("10.0.1.0")).predecessor?.description == "10.0.0.255")
        #expect(try #require(IPAddress("255.255.255.255")).successor == nil)
        #expect(try #require(IPAddress("0.0.0.0")).predecessor == nil)
        #expect(try #require(IPAddress("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).successor == nil)
        #expect(try #require(IPAddress("::")).predecessor == nil)
        // glibc's inet_ntop (and so Neutron) prints 96 zero bits and a non-zero 7th group as dotted IPv4
        #expect(try #require(IPAddress("::ffff")).successor?.description == "::0.1.0.0")
        #expect(try #require(IPAddress("1::ffff")).successor?.description == "1::1:0")
    }

    @Test("Codable uses the canonical text")
    func codable() throws {
        let address = try #require(IPAddress("2001:DB8::0001"))
        let data = try JSONEncoder().encode([address])
        #expect(String(decoding: data, as: UTF8.self) == #"["2001:db8::1"]"#)
        #expect(try JSONDecoder().decode([IPAddress].self, from: data) == [address])
    }

    @Test("decoding refuses text that is not an address", arguments: [#"["10.0.0.256"]"#, #"[""]"#, #"[42]"#])
    func decode_Fails(json: String) {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([IPAddress].self, from: Data(json.utf8))
        }
    }
}
