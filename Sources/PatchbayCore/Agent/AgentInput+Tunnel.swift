extension AgentInput {
    /// A VXLAN tunnel endpoint every other host floods to: a unicast address another host can
    /// reach. Refused: unspecified (`0.0.0.0`, `::`), loopback (`127/8`, `::1`), multicast
    /// (`224/4`, `ff00::/8`), the limited broadcast and reserved `240/4`, and link-local
    /// (`169.254/16`, `fe80::/10`: only meaningful on one link, and IPv6 ones need a zone the
    /// wire form cannot carry). Private and documentation ranges are accepted: underlays use them.
    public static func tunnelingIP(_ text: String, field: String) throws(PatchbayError) -> IPAddress {
        guard let address = IPAddress(text) else { throw .invalidInput("\(field) '\(clipped(text))' is not an IPv4 or IPv6 address") }
        if let reason = unusableTunnelReason(address) {
            throw .invalidInput("\(field) \(address) is \(reason); a tunnel endpoint must be a unicast address other hosts can reach")
        }
        return address
    }

    /// Why `address` cannot be a tunnel endpoint, or nil when it can.
    public static func unusableTunnelReason(_ address: IPAddress) -> String? {
        let value = address.value
        if address.version == 4 {
            let first = value >> 24
            if value == 0 { return "unspecified" }
            if value == 0xFFFF_FFFF { return "the broadcast address" }
            if first == 0 { return "in 0.0.0.0/8 (this network)" }
            if first == 127 { return "loopback" }
            if (224...239).contains(first) { return "multicast" }
            if first >= 240 { return "reserved (240.0.0.0/4)" }
            if value >> 16 == 0xA9FE { return "link-local" }
            return nil
        }
        if value == 0 { return "unspecified" }
        if value == 1 { return "loopback" }
        if value >> 120 == 0xFF { return "multicast" }
        if value >> 118 == 0x3FA { return "link-local" }
        if value >> 32 == 0xFFFF { return "an IPv4-mapped address (send the IPv4 address itself)" }
        return nil
    }
}
