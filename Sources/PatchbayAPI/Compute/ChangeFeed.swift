import ServiceLifecycle
import Synchronization

/// A counter of committed writes that requests can wait on: the desired-state long-poll waits
/// for the next commit instead of being asked again every `poll_interval`.
///
/// Within one process only: every commit to the store bumps it. (Several servers on one
/// database need the database's own notifications; see the scale-out issue.)
public final class ChangeFeed: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter: UInt64 = 0
        var closed = false
    }

    private let state = Mutex(State())

    /// Set around a write that may change nothing any host's desired state depends on (e.g. a
    /// heartbeat); the write marks it `quiet` when that turned out so, and its commit wakes no one.
    @TaskLocal public static var commitNote: CommitNote?

    /// Whether the commit being made in this task should wake waiters.
    public static var commitMatters: Bool { commitNote?.quiet != true }

    /// Creates a feed at generation 0.
    public init() {}

    /// The number of commits seen so far.
    public var generation: UInt64 { state.withLock { $0.generation } }

    /// Records a commit and wakes every waiter.
    public func bump() {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.generation &+= 1
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in woken { waiter.resume() }
    }

    /// Wakes every waiter for good (server shutdown); later waits return at once.
    public func close() {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.closed = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in woken { waiter.resume() }
    }

    /// Returns once the generation moved past `seen`, after `timeout`, on cancellation, or at
    /// once when it already moved or the feed is closed.
    public func wait(after seen: UInt64, timeout: Duration) async {
        let id = state.withLock { state -> UInt64 in
            state.nextWaiter &+= 1
            return state.nextWaiter
        }
        let timer = Task {
            try? await Task.sleep(for: timeout)
            self.release(id)
        }
        defer { timer.cancel() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state -> Bool in
                    if state.closed || state.generation != seen { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            self.release(id)
        }
    }

    private func release(_ id: UInt64) {
        state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
    }
}

/// What a write found out about its own commit (see ``ChangeFeed/commitNote``).
public final class CommitNote: Sendable {
    private let flag = Mutex(false)

    /// Creates a note for a commit that matters until said otherwise.
    public init() {}

    /// True when the write changed nothing a desired state depends on.
    public var quiet: Bool {
        get { flag.withLock { $0 } }
        set { flag.withLock { $0 = newValue } }
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
