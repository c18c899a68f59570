/// An IP network: a network address with its host bits clear and a prefix length.
///
/// `Codable` uses the canonical `address/prefixLength` text.
public struct IPNetwork: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The network address (all host bits zero).
    public let address: IPAddress
    /// The number of leading network bits: 0–32 for IPv4, 0–128 for IPv6.
    public let prefixLength: Int

    /// Creates the network of `prefixLength` bits that contains `address`, clearing its host bits.
    public init(containing address: IPAddress, prefixLength: Int) {
        precondition((0...address.bitWidth).contains(prefixLength),
                     "prefix length \(prefixLength) is out of range for IPv\(address.version)")
        let hostMask = IPNetwork.hostMask(bitWidth: address.bitWidth, prefixLength: prefixLength)
        self.address = IPAddress(version: address.version, value: address.value & ~hostMask)
        self.prefixLength = prefixLength
    }

    /// Parses exact CIDR text: `addr/len` with no host bits set, or a bare `addr` as a host route
    /// (/32 or /128); nil for anything else. See `parse(cidr:)` for Neutron's subnet rules.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(String(parts[0])) else { return nil }
        var prefixLength = address.bitWidth
        if parts.count == 2 {
            guard let length = IPNetwork.parsePrefixLength(parts[1], bitWidth: address.bitWidth),
                  String(length) == parts[1]
            else { return nil }
            prefixLength = length
        }
        let network = IPNetwork(containing: address, prefixLength: prefixLength)
        guard network.address == address else { return nil }
        self = network
    }

    /// 4 or 6.
    public var version: Int { address.version }

    /// The first address of the network (the network address itself).
    public var first: IPAddress { address }

    /// The last address of the network (the IPv4 broadcast address).
    public var last: IPAddress {
        IPAddress(version: version, value: address.value | IPNetwork.hostMask(bitWidth: address.bitWidth,
                                                                               prefixLength: prefixLength))
    }

    /// The prefix as a mask: `255.255.255.0` for a /24, `ffff:ffff:ffff:ffff::` for a /64.
    public var netmask: IPAddress {
        IPAddress(version: version, value: IPAddress.maxValue(version: version)
                  & ~IPNetwork.hostMask(bitWidth: address.bitWidth, prefixLength: prefixLength))
    }

    /// How many addresses the network holds; saturates at `UInt128.max` for the IPv6 `/0`.
    public var size: UInt128 {
        let hostBits = address.bitWidth - prefixLength
        return hostBits >= 128 ? UInt128.max : UInt128(1) << UInt128(hostBits)
    }

    /// True when `ip` has the network's version and lies between `first` and `last`.
    public func contains(_ ip: IPAddress) -> Bool {
        ip.version == version && first.value <= ip.value && ip.value <= last.value
    }

    /// True when the two networks share at least one address (never across versions).
    public func overlaps(_ other: IPNetwork) -> Bool {
        contains(other.address) || other.contains(address)
    }

    /// Canonical `address/prefixLength` text.
    public var description: String { "\(address)/\(prefixLength)" }

    /// Decodes a network from exact CIDR text (see `init?(_:)`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let network = IPNetwork(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a valid IP subnet")
        }
        self = network
    }

    /// Encodes the network as its canonical text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// The mask of the host bits of a prefix.
    static func hostMask(bitWidth: Int, prefixLength: Int) -> UInt128 {
        let hostBits = bitWidth - prefixLength
        return hostBits >= 128 ? UInt128.max : (UInt128(1) << UInt128(hostBits)) - 1
    }

    /// Decimal prefix length 0...bitWidth (leading zeros allowed, at most 3 digits); nil otherwise.
    static func parsePrefixLength(_ text: Substring, bitWidth: Int) -> Int? {
        guard (1...3).contains(text.utf8.count),
              text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              let length = Int(text), length <= bitWidth
        else { return nil }
        return length
    }
}
