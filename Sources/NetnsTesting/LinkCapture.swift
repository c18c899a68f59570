#if canImport(Glibc)
import Glibc
#endif

/// Every frame one link transmits or receives, seen by a packet socket bound to it (`ETH_P_ALL`)
/// in the namespace of the thread that creates it: e.g. what a guest's tap hands to QEMU.
///
/// Outgoing frames are seen after the link's tc egress programs, so a frame an access program
/// drops never shows up here.
public final class LinkCapture: @unchecked Sendable {
    /// The captured link's name.
    public let link: String
    private let fd: Int32

    /// Opens the capture on `link`, which must exist in the calling thread's namespace.
    public init(link: String) throws {
        let index = Int32(if_nametoindex(link))
        guard index > 0 else { throw NetnsError("no link \(link)") }
        let fd = try ProbeSocket.packetCapture()
        // struct sockaddr_ll (20 bytes): family, protocol (ETH_P_ALL, network order), ifindex.
        var address = [UInt8](repeating: 0, count: 20)
        address.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: UInt16(AF_PACKET), toByteOffset: 0, as: UInt16.self)
            raw.storeBytes(of: UInt16(3).bigEndian, toByteOffset: 2, as: UInt16.self)
            raw.storeBytes(of: index, toByteOffset: 4, as: Int32.self)
        }
        let bound = address.withUnsafeBytes { bind(fd, $0.baseAddress!.assumingMemoryBound(to: sockaddr.self), 20) }
        guard bound == 0 else {
            close(fd)
            throw NetnsError("bind packet socket to \(link): \(NetworkNamespace.errorText())")
        }
        self.link = link
        self.fd = fd
    }

    deinit { close(fd) }

    /// The frames that arrived since the last call (waiting up to `milliseconds` for the first).
    public func drain(milliseconds: Int32 = 0) -> [[UInt8]] {
        var frames: [[UInt8]] = []
        var wait = milliseconds
        while !ProbeSocket.readable([fd], milliseconds: wait).isEmpty {
            let frame = ProbeSocket.receive(fd)
            if frame.isEmpty { break }
            frames.append(frame)
            wait = 0
        }
        return frames
    }

    /// Whether any of `frames` carries `token`.
    public static func contains(_ frames: [[UInt8]], _ token: [UInt8]) -> Bool {
        frames.contains { PacketProbe.contains($0, token) }
    }
}

/// Sends raw frames out of one link of a namespace, from any thread (the socket keeps the
/// namespace it was made in).
public final class FrameSender: @unchecked Sendable {
    private let fd: Int32
    private let index: Int32

    /// Opens a packet socket on `link` inside `namespace`.
    public init(namespace: NetworkNamespace, link: String) async throws {
        let socket = try await namespace.perform { try ProbeSocket.packetSender(link: link) }
        fd = socket.fd
        index = socket.index
    }

    deinit { close(fd) }

    /// Sends one frame.
    public func send(_ frame: [UInt8]) throws {
        try ProbeSocket.sendFrame(fd, index: index, frame)
    }
}
