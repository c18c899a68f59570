/// One network device element of a domain (`<interface>` or `<hostdev>`), as libvirt takes it
/// for hot plug, with the key that identifies it across the desired and the live XML: the MAC
/// of an interface (as libvirt matches interfaces), the host PCI address of a hostdev.
public struct GuestNICDevice: Hashable, Sendable {
    /// `mac:<lowercase MAC>` or `pci:<domain:bus:slot.function>`.
    public var key: String
    /// The device element, verbatim.
    public var xml: String

    /// Creates a device.
    public init(key: String, xml: String) {
        self.key = key
        self.xml = xml
    }

    /// The key of an interface with `mac`.
    public static func key(mac: String) -> String { "mac:" + mac.lowercased() }

    /// The key of a hostdev on host PCI address `address` (`0000:3b:00.1`).
    public static func key(pciAddress address: String) -> String { "pci:" + address.lowercased() }

    /// The `<interface>` and `<hostdev>` elements of `<devices>` in a domain XML (ours, or
    /// libvirt's own dump), in document order. An element without a MAC or a PCI source is left out.
    public static func devices(inDomainXML xml: String) -> [GuestNICDevice] {
        guard let open = xml.firstRange(of: "<devices>"), let close = xml.firstRange(of: "</devices>"),
              open.upperBound <= close.lowerBound else { return [] }
        var rest = xml[open.upperBound..<close.lowerBound]
        var found: [GuestNICDevice] = []
        while let start = rest.firstRange(of: "<") {
            let tail = rest[start.lowerBound...]
            let tag = tail.hasPrefix("<interface") ? "interface" : tail.hasPrefix("<hostdev") ? "hostdev" : nil
            guard let tag, let end = element(tag, in: tail) else {
                rest = rest[start.upperBound...]
                continue
            }
            let element = tail[..<end]
            if let key = key(of: element, tag: tag) { found.append(GuestNICDevice(key: key, xml: String(element))) }
            rest = tail[end...]
        }
        return found
    }

    /// The end of the element `tag` that `text` starts with (its self-closing or closing tag).
    private static func element(_ tag: String, in text: Substring) -> String.Index? {
        guard let firstClose = text.firstIndex(of: ">") else { return nil }
        if text[..<firstClose].hasSuffix("/") { return text.index(after: firstClose) }
        return text.firstRange(of: "</\(tag)>")?.upperBound
    }

    private static func key(of element: Substring, tag: String) -> String? {
        if tag == "interface" {
            return tagText("mac", in: element).flatMap { attribute("address", in: $0) }.map { key(mac: $0) }
        }
        guard let sourceStart = element.firstRange(of: "<source"),
              let address = tagText("address", in: element[sourceStart.upperBound...]) else { return nil }
        let parts = ["domain", "bus", "slot", "function"].map { attribute($0, in: address).map(Self.hexDigits) }
        guard let domain = parts[0], let bus = parts[1], let slot = parts[2], let function = parts[3] else { return nil }
        return key(pciAddress: "\(pad(domain, 4)):\(pad(bus, 2)):\(pad(slot, 2)).\(function)")
    }

    /// The first start tag `<name …>` in `text`, without its brackets' content past the name.
    private static func tagText(_ name: String, in text: Substring) -> Substring? {
        var rest = text
        while let range = rest.firstRange(of: "<\(name)") {
            let after = rest[range.upperBound...]
            if let next = after.first, next == " " || next == "/" || next == ">" || next == "\n" || next == "\t" {
                return after[..<(after.firstIndex(of: ">") ?? after.endIndex)]
            }
            rest = after
        }
        return nil
    }

    /// The value of `name='…'` or `name="…"` in a start tag's text.
    static func attribute(_ name: String, in tag: Substring) -> String? {
        for quote in ["'", "\""] {
            if let range = tag.firstRange(of: " \(name)=\(quote)"),
               let end = tag[range.upperBound...].firstIndex(of: Character(quote)) {
                return String(tag[range.upperBound..<end])
            }
        }
        return nil
    }

    private static func hexDigits(_ value: String) -> String {
        let digits = value.lowercased().hasPrefix("0x") ? String(value.dropFirst(2)) : value
        return digits.lowercased()
    }

    private static func pad(_ value: String, _ width: Int) -> String {
        String(repeating: "0", count: max(0, width - value.count)) + value
    }
}
