/// Reading a subnet's `cidr` the way Neutron's subnet create does.
extension IPNetwork {
    /// Parses a subnet `cidr` with Neutron's rules and errors.
    ///
    /// The text must be `addr/len` (len 0–32 or 0–128). Host bits are cleared, as Neutron does
    /// ("10.0.0.1/24" becomes 10.0.0.0/24). Errors, all `InvalidInput`:
    /// - not an address and prefix: "'<text>' is not a valid IP subnet";
    /// - no `/len`, or an IPv4 prefix with leading zeros: "'<text>' isn't a recognized IP subnet
    ///   cidr, '<cidr>' is recommended".
    public static func parse(cidr text: String) throws(PatchbayError) -> IPNetwork {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(String(parts[0])) else { throw .invalidSubnet(text) }
        guard parts.count == 2 else {
            throw .unrecognizedSubnetCIDR(text, recommended: IPNetwork(containing: address,
                                                                       prefixLength: address.bitWidth))
        }
        guard let length = parsePrefixLength(parts[1], bitWidth: address.bitWidth) else {
            throw .invalidSubnet(text)
        }
        let network = IPNetwork(containing: address, prefixLength: length)
        if address.version == 4 && String(length) != parts[1] {
            throw .unrecognizedSubnetCIDR(text, recommended: network)
        }
        return network
    }
}
