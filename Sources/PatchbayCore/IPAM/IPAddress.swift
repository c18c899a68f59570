/// An IPv4 or IPv6 address held as an unsigned integer.
///
/// Addresses order by version first (every IPv4 address sorts before every IPv6 address) and then
/// by value. The text form is canonical (see `description`), and `Codable` uses that text.
public struct IPAddress: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// 4 or 6.
    public let version: Int
    /// The address as an integer; IPv4 addresses use the low 32 bits.
    public let value: UInt128

    /// Creates an address from its integer value; `version` must be 4 or 6 and `value` must fit it.
    public init(version: Int, value: UInt128) {
        precondition(version == 4 || version == 6, "IP version must be 4 or 6, not \(version)")
        precondition(value <= IPAddress.maxValue(version: version), "\(value) does not fit IPv\(version)")
        self.version = version
        self.value = value
    }

    /// Parses strict IPv4 dotted-quad or IPv6 text; nil when `text` is not exactly one address.
    ///
    /// IPv4 takes four decimal octets without leading zeros. IPv6 takes RFC 4291 text with at most
    /// one `::` and an optional dotted IPv4 tail; zone ids (`%eth0`) and whitespace are refused.
    public init?(_ text: String) {
        if let value = IPAddress.parseIPv4(text[...]) {
            self.init(version: 4, value: UInt128(value))
        } else if let value = IPAddress.parseIPv6(text[...]) {
            self.init(version: 6, value: value)
        } else {
            return nil
        }
    }

    /// The number of bits in an address of this version: 32 or 128.
    public var bitWidth: Int { version == 4 ? 32 : 128 }

    /// The largest integer an address of `version` can hold.
    public static func maxValue(version: Int) -> UInt128 {
        version == 4 ? UInt128(UInt32.max) : UInt128.max
    }

    /// The next address of the same version, or nil after the last one.
    public var successor: IPAddress? {
        value < IPAddress.maxValue(version: version) ? IPAddress(version: version, value: value + 1) : nil
    }

    /// The previous address of the same version, or nil before the first one.
    public var predecessor: IPAddress? {
        value > 0 ? IPAddress(version: version, value: value - 1) : nil
    }

    /// Orders by version, then by value.
    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        (lhs.version, lhs.value) < (rhs.version, rhs.value)
    }

    /// Canonical text: dotted quad for IPv4; RFC 5952 compressed lowercase form for IPv6.
    public var description: String {
        version == 4 ? IPAddress.formatIPv4(UInt32(value)) : IPAddress.formatIPv6(value)
    }

    /// Decodes an address from its text form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let address = IPAddress(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a valid IP address")
        }
        self = address
    }

    /// Encodes the address as its canonical text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
