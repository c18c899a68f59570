/// A PCI address `domain:bus:slot.function`, e.g. `0000:81:10.2`.
public struct PCIAddress: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// PCI domain (segment), 0–0xFFFF.
    public let domain: UInt16
    /// Bus, 0–0xFF.
    public let bus: UInt8
    /// Slot (device), 0–0x1F.
    public let slot: UInt8
    /// Function, 0–7.
    public let function: UInt8

    /// Creates an address; nil when a field is out of range.
    public init?(domain: Int, bus: Int, slot: Int, function: Int) {
        guard (0...0xFFFF).contains(domain), (0...0xFF).contains(bus), (0...0x1F).contains(slot), (0...7).contains(function)
        else { return nil }
        self.domain = UInt16(domain)
        self.bus = UInt8(bus)
        self.slot = UInt8(slot)
        self.function = UInt8(function)
    }

    /// Parses `dddd:bb:ss.f` (hex, any case); nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2 else { return nil }
        let slotFunction = parts[2].split(separator: ".", omittingEmptySubsequences: false)
        guard slotFunction.count == 2, slotFunction[0].count == 2, slotFunction[1].count == 1,
              let domain = Int(parts[0], radix: 16), let bus = Int(parts[1], radix: 16),
              let slot = Int(slotFunction[0], radix: 16), let function = Int(slotFunction[1], radix: 16)
        else { return nil }
        self.init(domain: domain, bus: bus, slot: slot, function: function)
    }

    /// Canonical lowercase text, `0000:81:10.2`.
    public var description: String {
        "\(hex(Int(domain), 4)):\(hex(Int(bus), 2)):\(hex(Int(slot), 2)).\(String(function, radix: 16))"
    }

    /// Orders by domain, bus, slot, function.
    public static func < (lhs: PCIAddress, rhs: PCIAddress) -> Bool {
        (lhs.domain, lhs.bus, lhs.slot, lhs.function) < (rhs.domain, rhs.bus, rhs.slot, rhs.function)
    }

    /// Encoded as its canonical text.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let address = PCIAddress(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a PCI address"))
        }
        self = address
    }

    /// Encoded as its canonical text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private func hex(_ value: Int, _ width: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
