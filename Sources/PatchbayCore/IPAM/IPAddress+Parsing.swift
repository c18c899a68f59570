/// Strict text parsers for IPv4 and IPv6 (the rules of `inet_pton`).
extension IPAddress {
    /// Parses exactly four decimal octets 0–255 separated by dots, with no leading zeros.
    static func parseIPv4(_ text: Substring) -> UInt32? {
        let octets = text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var result: UInt32 = 0
        for octet in octets {
            guard let byte = parseOctet(octet) else { return nil }
            result = result << 8 | UInt32(byte)
        }
        return result
    }

    /// One decimal octet: 1–3 ASCII digits, no leading zero unless the octet is "0", at most 255.
    private static func parseOctet(_ digits: Substring.UTF8View.SubSequence) -> UInt8? {
        guard (1...3).contains(digits.count), digits.allSatisfy(isDecimalDigit) else { return nil }
        if digits.count > 1 && digits.first == UInt8(ascii: "0") { return nil }
        let number = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        return number <= 255 ? UInt8(number) : nil
    }

    /// Parses RFC 4291 IPv6 text: eight hex groups, or fewer around one `::`, with an optional
    /// dotted IPv4 tail standing for the last two groups.
    static func parseIPv6(_ text: Substring) -> UInt128? {
        guard !text.isEmpty, text.utf8.count <= 45 else { return nil }
        var groups: [UInt16]
        if let gap = text.firstRange(of: "::") {
            let head = text[..<gap.lowerBound]
            let tail = text[gap.upperBound...]
            guard !tail.contains("::"),
                  let headGroups = parseGroups(head, allowsIPv4Tail: false),
                  let tailGroups = parseGroups(tail, allowsIPv4Tail: true),
                  headGroups.count + tailGroups.count <= 7
            else { return nil }
            let zeros = [UInt16](repeating: 0, count: 8 - headGroups.count - tailGroups.count)
            groups = headGroups + zeros + tailGroups
        } else {
            guard let all = parseGroups(text, allowsIPv4Tail: true), all.count == 8 else { return nil }
            groups = all
        }
        return groups.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }
    }

    /// Parses colon-separated groups (empty text gives no groups); the last may be dotted IPv4.
    private static func parseGroups(_ text: Substring, allowsIPv4Tail: Bool) -> [UInt16]? {
        if text.isEmpty { return [] }
        let pieces = text.split(separator: ":", omittingEmptySubsequences: false)
        var groups: [UInt16] = []
        for (index, piece) in pieces.enumerated() {
            if piece.contains(".") {
                guard allowsIPv4Tail, index == pieces.count - 1, let v4 = parseIPv4(piece) else { return nil }
                groups += [UInt16(v4 >> 16), UInt16(v4 & 0xFFFF)]
            } else {
                guard (1...4).contains(piece.utf8.count), piece.utf8.allSatisfy(isHexDigit),
                      let group = UInt16(piece, radix: 16)
                else { return nil }
                groups.append(group)
            }
        }
        return groups
    }

    private static func isDecimalDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDecimalDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }
}
