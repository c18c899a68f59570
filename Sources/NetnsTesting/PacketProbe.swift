#if canImport(Glibc)
import Glibc
#endif

/// Proves or disproves layer-2 reachability with real packets sent and received inside
/// namespaces. Each probe carries a fresh random token; a listener counts only that token.
public struct PacketProbe: Sendable {
    /// What the listeners got.
    public struct Outcome: Hashable, Sendable {
        /// Listeners whose UDP socket received the datagram: it arrived untagged and addressed
        /// to them, as a guest's stack takes it.
        public var delivered: Set<NetworkNamespace> = []
        /// Listeners where a frame carrying the token reached any link at all, tagged or not.
        public var seen: Set<NetworkNamespace> = []
    }

    /// The UDP port datagrams go to and listeners bind.
    public var port: UInt16
    /// How many times the datagram is sent (100 ms apart), in case the first one waits for ARP.
    public var attempts: Int
    /// How long listeners wait, counted from the first send.
    public var timeout: Duration

    /// Creates a probe.
    public init(port: UInt16 = 47_000, attempts: Int = 3, timeout: Duration = .milliseconds(1500)) {
        self.port = port
        self.attempts = attempts
        self.timeout = timeout
    }

    /// Sends UDP datagrams from `sender` to `destination` (unicast, or a subnet broadcast
    /// address) and reports which `listeners` got them.
    public func udp(from sender: NetworkNamespace, to destination: String,
                    listeners: [NetworkNamespace]) async throws -> Outcome {
        let port = port
        return try await exchange(listeners: listeners) {
            let fd = try sender.inside { try ProbeSocket.udp(port: port) }
            return ({ payload in try ProbeSocket.send(fd, payload, to: destination, port: port) }, fd)
        }
    }

    /// Sends raw frames out of `link` in `sender`, built by `frame` around the probe's payload
    /// (see `EthernetFrame.udp`), and reports which `listeners` got them.
    public func frames(from sender: NetworkNamespace, link: String, listeners: [NetworkNamespace],
                       frame: @escaping @Sendable (_ payload: [UInt8]) throws -> [UInt8]) async throws -> Outcome {
        try await exchange(listeners: listeners) {
            let (fd, index) = try sender.inside { try ProbeSocket.packetSender(link: link) }
            return ({ payload in try ProbeSocket.sendFrame(fd, index: index, try frame(payload)) }, fd)
        }
    }

    /// Opens the listeners' sockets, sends with `makeSender`'s function and collects the outcome,
    /// all on one dedicated thread.
    private func exchange(listeners: [NetworkNamespace],
                          makeSender: @escaping @Sendable () throws -> (send: ([UInt8]) throws -> Void, fd: Int32))
        async throws -> Outcome {
        let (attempts, timeout) = (attempts, timeout), port = port
        return try await NetworkNamespace.onDedicatedThread {
            var owners: [Int32: (namespace: NetworkNamespace, isUDP: Bool)] = [:]
            defer { owners.keys.forEach { _ = close($0) } }
            for listener in listeners {
                try listener.inside {
                    owners[try ProbeSocket.udp(port: port)] = (listener, true)
                    owners[try ProbeSocket.packetCapture()] = (listener, false)
                }
            }
            let sender = try makeSender()
            defer { close(sender.fd) }
            let token = Array("pbprobe-".utf8) + (0..<16).map { _ in UInt8.random(in: 0...255) }
            var outcome = Outcome()
            let clock = ContinuousClock(), deadline = clock.now + timeout
            var sent = 0, nextSend = clock.now
            while clock.now < deadline, outcome.delivered.count < listeners.count {
                if sent < attempts, clock.now >= nextSend {
                    try sender.send(token)
                    sent += 1
                    nextSend = clock.now + .milliseconds(100)
                }
                for fd in ProbeSocket.readable(Array(owners.keys), milliseconds: 20) {
                    guard let owner = owners[fd], Self.contains(ProbeSocket.receive(fd), token) else { continue }
                    if owner.isUDP { outcome.delivered.insert(owner.namespace) } else { outcome.seen.insert(owner.namespace) }
                }
            }
            outcome.seen.formUnion(outcome.delivered)
            return outcome
        }
    }

    /// Whether `token` occurs in `bytes`.
    static func contains(_ bytes: [UInt8], _ token: [UInt8]) -> Bool {
        guard bytes.count >= token.count else { return false }
        return (0...(bytes.count - token.count)).contains { bytes[$0..<($0 + token.count)].elementsEqual(token) }
    }
}
