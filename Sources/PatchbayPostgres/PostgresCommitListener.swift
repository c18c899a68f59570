import Foundation
import Logging
import PatchbayStore
import PostgresNIO
import Synchronization

/// Hears, on one pooled connection that `LISTEN`s on the schema's channel, which hosts' revisions
/// commits moved (payload `h:HOST`, sent by the `host_revisions` triggers when a transaction of
/// any server commits, this one's included) and other servers' announcements (`TOKEN TOPIC`).
/// A lost connection is listened on again after a pause, and every observer is told once on
/// return, since a change may have gone unheard meanwhile.
final class PostgresCommitListener: Sendable {
    /// This server's mark on its own announcements, which its own observers do not need.
    let token = UUID().uuidString
    private let hostObservers = Mutex<[@Sendable (HostChanges) -> Void]>([])
    private let topics = Mutex<[String: [@Sendable () -> Void]]>([:])
    private let listening = Mutex<(channel: String?, task: Task<Void, Never>?)>((nil, nil))
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    /// The channel listened on, once started.
    var channel: String? { listening.withLock { $0.channel } }

    func add(_ observer: @escaping @Sendable (HostChanges) -> Void) {
        hostObservers.withLock { $0.append(observer) }
    }

    func add(topic: String, _ notify: @escaping @Sendable () -> Void) {
        topics.withLock { $0[topic, default: []].append(notify) }
    }

    /// Starts listening on the client's pool; returns once the first `LISTEN` is in place.
    func start(_ client: PostgresClient, channel: String) async {
        let ready = AsyncStream<Void>.makeStream()
        let task = Task { [token, logger] in
            var first = true
            while !Task.isCancelled {
                do {
                    try await client.withConnection { connection in
                        try await connection.listen(on: channel) { notifications in
                            ready.continuation.yield()
                            if !first { self.tellEveryone() }
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
        listening.withLock { $0 = (channel, task) }
        var iterator = ready.stream.makeAsyncIterator()
        _ = await iterator.next()
    }

    func stop() {
        listening.withLock { $0.task }?.cancel()
    }

    /// `h:HOST` names a host whose revision moved; otherwise the announcing server's token, then
    /// the topic.
    private func heard(_ payload: String, own: String) {
        if payload.hasPrefix("h:") {
            let changes = HostChanges.hosts([String(payload.dropFirst(2))])
            for observer in hostObservers.withLock({ $0 }) { observer(changes) }
            return
        }
        let parts = payload.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, String(parts[0]) != own else { return }
        for notify in topics.withLock({ $0[String(parts[1])] ?? [] }) { notify() }
    }

    private func tellEveryone() {
        for observer in hostObservers.withLock({ $0 }) { observer(.all) }
        for notify in topics.withLock({ $0.values.flatMap { $0 } }) { notify() }
    }
}
