import Foundation
import Logging
import PostgresNIO
import Synchronization

/// Tells the store's commit observers of commits: this server's own right after they commit, and
/// other servers' when their `NOTIFY` arrives on one pooled connection that `LISTEN`s. A lost
/// connection is listened on again after a pause, and observers are told once on return, since
/// a commit may have gone unheard meanwhile.
final class PostgresCommitListener: Sendable {
    private struct Observer {
        var matters: @Sendable () -> Bool
        var notify: @Sendable () -> Void
    }

    let channel: String
    /// This server's mark on its own announcements, which it has already told its observers of.
    let token = UUID().uuidString
    private let observers = Mutex<[Observer]>([])
    private let topics = Mutex<[String: [@Sendable () -> Void]]>([:])
    private let task = Mutex<Task<Void, Never>?>(nil)
    private let logger: Logger

    init(channel: String, logger: Logger) {
        self.channel = channel
        self.logger = logger
    }

    func add(if matters: @escaping @Sendable () -> Bool, _ notify: @escaping @Sendable () -> Void) {
        observers.withLock { $0.append(Observer(matters: matters, notify: notify)) }
    }

    func add(topic: String, _ notify: @escaping @Sendable () -> Void) {
        topics.withLock { $0[topic, default: []].append(notify) }
    }

    /// Whether the transaction committing now (in the calling task) matters to an observer, and
    /// so is announced to the other servers.
    var commitMatters: Bool { observers.withLock { $0 }.contains { $0.matters() } }

    /// Tells the observers a commit of this server's that mattered to them.
    func committed() {
        for observer in observers.withLock({ $0 }) where observer.matters() { observer.notify() }
    }

    /// Starts listening on the client's pool; returns once the first `LISTEN` is in place.
    func start(_ client: PostgresClient) async {
        let ready = AsyncStream<Void>.makeStream()
        let listening = Task { [channel, token, logger] in
            var first = true
            while !Task.isCancelled {
                do {
                    try await client.withConnection { connection in
                        try await connection.listen(on: channel) { notifications in
                            ready.continuation.yield()
                            if !first { self.tellAll(); self.tellTopics() }
                            first = false
                            for try await notification in notifications {
                                self.heard(notification.payload, own: token)
                            }
                        }
                    }
                } catch {
                    if Task.isCancelled { break }
                    logger.warning("commit notifications lost; listening again", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
        task.withLock { $0 = listening }
        var iterator = ready.stream.makeAsyncIterator()
        _ = await iterator.next()
    }

    func stop() {
        task.withLock { $0 }?.cancel()
    }

    /// A payload is the announcing server's token, then the topic when there is one.
    private func heard(_ payload: String, own: String) {
        let parts = payload.split(separator: " ", maxSplits: 1)
        guard parts.first.map(String.init) != own else { return }
        if parts.count == 2 {
            for notify in topics.withLock({ $0[String(parts[1])] ?? [] }) { notify() }
        } else {
            tellAll()
        }
    }

    private func tellAll() {
        for observer in observers.withLock({ $0 }) { observer.notify() }
    }

    private func tellTopics() {
        for notify in topics.withLock({ $0.values.flatMap { $0 } }) { notify() }
    }
}
