import PatchbayStore
import ServiceLifecycle
import Synchronization

/// Per-host change counters that desired-state long-polls wait on: a commit that moves a host's
/// revision (told by the store, from this server or another on the same database) wakes the
/// polls of that host only.
public final class ChangeFeed: Sendable {
    private struct State {
        /// Moved when any host may have changed (notifications may have been lost).
        var epoch: UInt64 = 0
        var hosts: [String: UInt64] = [:]
        var waiters: [String: [UInt64: CheckedContinuation<Void, Never>]] = [:]
        var nextWaiter: UInt64 = 0
        var closed = false

        func generation(of host: String) -> UInt64 { epoch &+ hosts[host, default: 0] }
    }

    private let state = Mutex(State())

    /// Creates a feed with every counter at 0.
    public init() {}

    /// The number of changes of `host` seen so far.
    public func generation(of host: String) -> UInt64 { state.withLock { $0.generation(of: host) } }

    /// Records changes and wakes the waiters of the hosts they name (every waiter for `.all`).
    public func changed(_ changes: HostChanges) {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            switch changes {
            case .all:
                state.epoch &+= 1
                defer { state.waiters = [:] }
                return state.waiters.values.flatMap(\.values)
            case .hosts(let hosts):
                var woken: [CheckedContinuation<Void, Never>] = []
                for host in hosts {
                    state.hosts[host, default: 0] &+= 1
                    if let waiting = state.waiters.removeValue(forKey: host) { woken += waiting.values }
                }
                return woken
            }
        }
        for waiter in woken { waiter.resume() }
    }

    /// Wakes every waiter for good (server shutdown); later waits return at once.
    public func close() {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.closed = true
            defer { state.waiters = [:] }
            return state.waiters.values.flatMap(\.values)
        }
        for waiter in woken { waiter.resume() }
    }

    /// Returns once `host`'s generation moved past `seen`, after `timeout`, on cancellation, or
    /// at once when it already moved or the feed is closed.
    public func wait(host: String, after seen: UInt64, timeout: Duration) async {
        let id = state.withLock { state -> UInt64 in
            state.nextWaiter &+= 1
            return state.nextWaiter
        }
        let timer = Task {
            try? await Task.sleep(for: timeout)
            self.release(id, host: host)
        }
        defer { timer.cancel() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state -> Bool in
                    if state.closed || state.generation(of: host) != seen { return true }
                    state.waiters[host, default: [:]][id] = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            self.release(id, host: host)
        }
    }

    private func release(_ id: UInt64, host: String) {
        state.withLock { state -> CheckedContinuation<Void, Never>? in
            let waiter = state.waiters[host]?.removeValue(forKey: id)
            if state.waiters[host]?.isEmpty == true { state.waiters[host] = nil }
            return waiter
        }?.resume()
    }
}

/// Closes the feed as soon as graceful shutdown begins, so no long-poll holds the HTTP server's
/// drain for up to its wait. Listed after the application, it is told first.
struct ChangeFeedCloser: Service {
    let feed: ChangeFeed

    func run() async throws {
        try? await gracefulShutdown()
        feed.close()
    }
}
