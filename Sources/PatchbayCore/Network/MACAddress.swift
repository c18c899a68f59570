/// A 48-bit Ethernet MAC address in Neutron's canonical text form (lowercase, colon separated).
public struct MACAddress: Sendable, Hashable, CustomStringConvertible {
    /// The six octets.
    public let octets: [UInt8]

    /// Parses `aa:bb:cc:dd:ee:ff` or `aa-bb-cc-dd-ee-ff` (any case). Rejects the all-zero and
    /// broadcast addresses, which Neutron refuses for ports.
    public init?(_ text: String) {
        let parts = text.split(separator: text.contains("-") ? "-" : ":", omittingEmptySubsequences: false)
        guard parts.count == 6 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard part.count == 2, let byte = UInt8(part, radix: 16) else { return nil }
            bytes.append(byte)
        }
        guard bytes != [0, 0, 0, 0, 0, 0], bytes != [255, 255, 255, 255, 255, 255] else { return nil }
        octets = bytes
    }

    /// Creates an address from six octets.
    public init(octets: [UInt8]) {
        precondition(octets.count == 6, "a MAC address has six octets")
        self.octets = octets
    }

    /// Lowercase colon-separated text.
    public var description: String {
        octets.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined(separator: ":")
    }
}

/// Generates port MACs from Neutron's `base_mac`: octets that are zero in the base are random.
public struct MACGenerator: Sendable {
    /// The configured base, e.g. fa:16:3e:00:00:00.
    public let base: [UInt8]

    /// Creates a generator; fails with a config error for an unparsable base.
    public init(baseMAC: String) throws {
        let parts = baseMAC.split(separator: ":")
        let bytes = parts.compactMap { UInt8($0, radix: 16) }
        guard parts.count == 6, bytes.count == 6 else {
            throw PatchbayError(code: "config.invalid_base_mac", type: "ConfigError", category: .internalError,
                                message: "base_mac '\(baseMAC)' is not a MAC address")
        }
        base = bytes
    }

    /// A fresh random address: the base's non-zero octets kept, the zero ones randomised
    /// (Neutron's rule, so the OUI fa:16:3e stays recognisable).
    public func next(using rng: inout some RandomNumberGenerator) -> MACAddress {
        MACAddress(octets: base.map { $0 == 0 ? UInt8.random(in: 0...255, using: &rng) : $0 })
    }
}
