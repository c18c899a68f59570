/// Canonical text output, matching what Neutron (netaddr over glibc `inet_ntop`) prints.
extension IPAddress {
    /// Dotted-quad text of an IPv4 value.
    static func formatIPv4(_ value: UInt32) -> String {
        [24, 16, 8, 0].map { String((value >> UInt32($0)) & 0xFF) }.joined(separator: ".")
    }

    /// RFC 5952 text of an IPv6 value: lowercase hex without leading zeros, the longest run of two
    /// or more zero groups (the first on a tie) written as `::`.
    ///
    /// Like glibc's `inet_ntop`, an IPv4-mapped address (`::ffff:a.b.c.d`) and an address whose
    /// first 96 bits are zero but whose seventh group is not (`::a.b.c.d`) end in dotted IPv4.
    static func formatIPv6(_ value: UInt128) -> String {
        let groups = (0..<8).map { UInt16(truncatingIfNeeded: value >> UInt128(16 * (7 - $0))) }
        let run = longestZeroRun(groups)
        let dottedTail = run?.start == 0 && (run?.length == 6 || (run?.length == 5 && groups[5] == 0xFFFF))
        var text = ""
        var index = 0
        while index < 8 {
            if let run, index == run.start {
                text += "::"
                index += run.length
                continue
            }
            if !text.isEmpty && !text.hasSuffix("::") { text += ":" }
            if index == 6 && dottedTail {
                text += formatIPv4(UInt32(truncatingIfNeeded: value))
                break
            }
            text += String(groups[index], radix: 16)
            index += 1
        }
        return text
    }

    /// The first longest run of at least two zero groups, or nil when there is none.
    private static func longestZeroRun(_ groups: [UInt16]) -> (start: Int, length: Int)? {
        var best: (start: Int, length: Int)?
        var index = 0
        while index < groups.count {
            guard groups[index] == 0 else { index += 1; continue }
            let start = index
            while index < groups.count && groups[index] == 0 { index += 1 }
            let length = index - start
            if length >= 2 && length > (best?.length ?? 0) { best = (start, length) }
        }
        return best
    }
}
