import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A UDP responder inside a namespace: it echoes every datagram on its port back to the sender
/// (or, with `echoes == false`, only counts them), on its own thread until `stop()`.
public final class UDPEcho: @unchecked Sendable {
    private let fd: Int32
    private let running = Atomic<Bool>(true)
    private let received = Mutex<[[UInt8]]>([])
    private let finished = Mutex<Bool>(false)

    /// Binds `port` in `namespace` and starts answering.
    public init(namespace: NetworkNamespace, port: UInt16, echoes: Bool = true) async throws {
        fd = try await namespace.perform { try ProbeSocket.udp(port: port) }
        Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while running.load(ordering: .relaxed) {
                guard !ProbeSocket.readable([fd], milliseconds: 20).isEmpty else { continue }
                var peer = sockaddr_storage(), length = socklen_t(MemoryLayout<sockaddr_storage>.size)
                let count = withUnsafeMutablePointer(to: &peer) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(fd, &buffer, buffer.count, 0, $0, &length) }
                }
                guard count > 0 else { continue }
                received.withLock { $0.append(Array(buffer.prefix(count))) }
                guard echoes else { continue }
                _ = withUnsafePointer(to: &peer) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, buffer, count, 0, $0, length) }
                }
            }
            finished.withLock { $0 = true }
        }.start()
    }

    /// The datagrams received so far.
    public var datagrams: [[UInt8]] { received.withLock { $0 } }

    /// Stops the thread and closes the socket.
    public func stop() {
        running.store(false, ordering: .relaxed)
        while !finished.withLock({ $0 }) { usleep(5_000) }
        close(fd)
    }

    deinit { if running.load(ordering: .relaxed) { stop() } }

    /// Sends each of `payloads` from `sender` (bound to `sourcePort`) to `destination:port`, one
    /// at a time, waiting up to `timeout` for its echo; returns the payloads that came back.
    public static func roundTrips(from sender: NetworkNamespace, to destination: String, port: UInt16,
                                  sourcePort: UInt16 = 47_100, payloads: [[UInt8]],
                                  timeout: Duration = .milliseconds(500)) async throws -> [[UInt8]] {
        try await NetworkNamespace.onDedicatedThread {
            let fd = try sender.inside { try ProbeSocket.udp(port: sourcePort) }
            defer { close(fd) }
            var echoed: [[UInt8]] = []
            let clock = ContinuousClock()
            for payload in payloads {
                try ProbeSocket.send(fd, payload, to: destination, port: port)
                let deadline = clock.now + timeout
                while clock.now < deadline {
                    guard !ProbeSocket.readable([fd], milliseconds: 10).isEmpty else { continue }
                    if ProbeSocket.receive(fd) == payload {
                        echoed.append(payload)
                        break
                    }
                }
            }
            return echoed
        }
    }

    /// `count` distinct payloads starting with `label`.
    public static func tokens(_ label: String, count: Int) -> [[UInt8]] {
        (0..<count).map { index in Array("\(label)-\(index)-".utf8) + (0..<8).map { _ in UInt8.random(in: 0...255) } }
    }

    /// The frames among `frames` that carry `token`.
    public static func frames(carrying token: [UInt8], in frames: [[UInt8]]) -> [[UInt8]] {
        frames.filter { PacketProbe.contains($0, token) }
    }

    /// How many of `frames` carry `token`.
    public static func occurrences(of token: [UInt8], in frames: [[UInt8]]) -> Int {
        self.frames(carrying: token, in: frames).count
    }
}
