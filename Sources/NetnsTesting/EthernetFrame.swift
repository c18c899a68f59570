/// Builds the raw frames `PacketProbe` injects: broadcast Ethernet, optionally 802.1Q tagged,
/// carrying an IPv4 UDP datagram.
public enum EthernetFrame {
    /// A broadcast frame from `source` (a MAC), tagged `vlan` when given, carrying UDP
    /// `sourceIP:port → destinationIP:port` with `payload`.
    public static func udp(source: String, vlan: Int?, sourceIP: String, destinationIP: String,
                           port: UInt16, payload: [UInt8]) throws -> [UInt8] {
        var frame = [UInt8](repeating: 0xff, count: 6) + (try bytes(ofMAC: source))
        if let vlan { frame += [0x81, 0x00, UInt8((vlan >> 8) & 0x0f), UInt8(vlan & 0xff)] }
        frame += [0x08, 0x00]
        let udpLength = 8 + payload.count, totalLength = 20 + udpLength
        var ip: [UInt8] = [0x45, 0, UInt8(totalLength >> 8), UInt8(totalLength & 0xff), 0, 0, 0x40, 0, 64, 17, 0, 0]
        ip += try bytes(ofIPv4: sourceIP) + (try bytes(ofIPv4: destinationIP))
        let sum = checksum(ip)
        ip[10] = UInt8(sum >> 8)
        ip[11] = UInt8(sum & 0xff)
        let udp: [UInt8] = [UInt8(port >> 8), UInt8(port & 0xff), UInt8(port >> 8), UInt8(port & 0xff),
                            UInt8(udpLength >> 8), UInt8(udpLength & 0xff), 0, 0]
        return frame + ip + udp + payload
    }

    /// The Internet checksum (RFC 1071) of an even-length header.
    static func checksum(_ header: [UInt8]) -> UInt16 {
        var sum: UInt32 = 0
        for index in stride(from: 0, to: header.count, by: 2) {
            sum += UInt32(header[index]) << 8 | UInt32(header[index + 1])
        }
        while sum > 0xffff { sum = (sum & 0xffff) + (sum >> 16) }
        return ~UInt16(sum)
    }

    static func bytes(ofMAC mac: String) throws -> [UInt8] {
        let parts = mac.split(separator: ":").compactMap { UInt8($0, radix: 16) }
        guard parts.count == 6 else { throw NetnsError("bad MAC \(mac)") }
        return parts
    }

    static func bytes(ofIPv4 address: String) throws -> [UInt8] {
        let parts = address.split(separator: ".").compactMap { UInt8($0) }
        guard parts.count == 4 else { throw NetnsError("bad IPv4 address \(address)") }
        return parts
    }
}
