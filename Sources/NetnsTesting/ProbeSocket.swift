#if canImport(Glibc)
import Glibc
#endif

/// The raw sockets `PacketProbe` uses, made in the calling thread's namespace.
enum ProbeSocket {
    /// A UDP socket bound to `0.0.0.0:port` that may send broadcasts.
    static func udp(port: UInt16) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw NetnsError("socket: \(NetworkNamespace.errorText())") }
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &on, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            close(fd)
            throw NetnsError("bind udp \(port): \(NetworkNamespace.errorText())")
        }
        return fd
    }

    /// A packet socket that sees every frame of every link (`ETH_P_ALL`), tagged or not.
    static func packetCapture() throws -> Int32 {
        let fd = socket(AF_PACKET, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), Int32(UInt16(3).bigEndian))
        guard fd >= 0 else { throw NetnsError("packet socket: \(NetworkNamespace.errorText())") }
        return fd
    }

    /// A packet socket for sending raw frames out of `link`; returns it with the link's index.
    static func packetSender(link: String) throws -> (fd: Int32, index: Int32) {
        let index = Int32(if_nametoindex(link))
        guard index > 0 else { throw NetnsError("no link \(link)") }
        let fd = socket(AF_PACKET, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw NetnsError("packet socket: \(NetworkNamespace.errorText())") }
        return (fd, index)
    }

    /// Sends `payload` to `destination:port` (an IPv4 address).
    static func send(_ fd: Int32, _ payload: [UInt8], to destination: String, port: UInt16) throws {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, destination, &address.sin_addr) == 1 else { throw NetnsError("bad address \(destination)") }
        let sent = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(fd, payload, payload.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard sent == payload.count else { throw NetnsError("sendto \(destination): \(NetworkNamespace.errorText())") }
    }

    /// Sends one raw Ethernet frame out of the link with index `index`.
    static func sendFrame(_ fd: Int32, index: Int32, _ frame: [UInt8]) throws {
        // struct sockaddr_ll (20 bytes): family, protocol, ifindex, hatype, pkttype, halen, addr[8].
        var address = [UInt8](repeating: 0, count: 20)
        address.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: UInt16(AF_PACKET), toByteOffset: 0, as: UInt16.self)
            raw.storeBytes(of: index, toByteOffset: 4, as: Int32.self)
            raw[11] = 6
        }
        let sent = address.withUnsafeBytes {
            sendto(fd, frame, frame.count, 0, $0.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(20))
        }
        guard sent == frame.count else { throw NetnsError("send frame: \(NetworkNamespace.errorText())") }
    }

    /// Whether `fd` is readable within `milliseconds`.
    static func readable(_ fds: [Int32], milliseconds: Int32) -> [Int32] {
        var polls = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        guard poll(&polls, nfds_t(polls.count), milliseconds) > 0 else { return [] }
        return polls.filter { $0.revents & Int16(POLLIN) != 0 }.map(\.fd)
    }

    /// Reads one datagram or frame (up to 64 KiB).
    static func receive(_ fd: Int32) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        return count > 0 ? Array(buffer.prefix(count)) : []
    }
}
