#if canImport(Glibc)
import Glibc
#endif

extension NetworkNamespace {
    /// The MAC address of `link`, read inside the namespace with `getifaddrs` (its `AF_PACKET`
    /// entry), lower case; nil when there is no such link.
    public func macAddress(of link: String) async throws -> String? {
        try await perform { Self.macAddressHere(of: link) }
    }

    /// Reads the MAC of `link` in the calling thread's namespace.
    static func macAddressHere(of link: String) -> String? {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { return nil }
        defer { freeifaddrs(list) }
        var entry = list
        while let current = entry {
            defer { entry = current.pointee.ifa_next }
            guard String(cString: current.pointee.ifa_name) == link, let address = current.pointee.ifa_addr,
                  Int32(address.pointee.sa_family) == AF_PACKET else { continue }
            // struct sockaddr_ll: sll_halen at byte 11, sll_addr from byte 12.
            let raw = UnsafeRawPointer(address)
            let length = min(Int(raw.load(fromByteOffset: 11, as: UInt8.self)), 8)
            return (0..<length).map { String(raw.load(fromByteOffset: 12 + $0, as: UInt8.self), radix: 16).leftPadded(to: 2) }
                .joined(separator: ":")
        }
        return nil
    }
}
