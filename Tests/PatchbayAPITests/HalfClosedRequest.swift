import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A request whose body stops short: the head (with a `Content-Length`) and part of the body
/// are written on a plain TCP connection that is then half-closed, as when a client dies
/// mid-upload. Runs on a thread of its own, so the blocking socket never holds up the
/// concurrency pool the server under test runs on.
enum HalfClosedRequest {
    /// Sends `head` (CRLF lines, without the blank line) and `body` to 127.0.0.1:`port`, shuts
    /// the sending side (unless `hold`: then the connection stays open, the rest of the body
    /// never coming), and returns what the server answered (empty if it just closed).
    static func send(port: Int, head: String, body: [UInt8], hold: Bool = false) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try exchange(port: port, head: head, body: body, hold: hold) })
            }
        }
    }

    private static func exchange(port: Int, head: String, body: [UInt8], hold: Bool) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketFailure("socket: \(errno)") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw SocketFailure("connect: \(errno)") }
        try write(fd, Array((head + "\r\n\r\n").utf8))
        try write(fd, body)
        usleep(200_000)
        if !hold { shutdown(fd, Int32(SHUT_WR)) }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            answer += buffer[0..<count]
        }
        return String(decoding: answer, as: UTF8.self)
    }

    private static func write(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw SocketFailure("send: \(errno)") }
            offset += count
        }
    }

    struct SocketFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
