import Synchronization

/// The one background loop of the compute service, stopped at shutdown.
final class Sweeper: Sendable {
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// Starts `body` unless a loop already runs.
    func start(_ body: @escaping @Sendable () async -> Void) {
        task.withLock { current in
            guard current == nil else { return }
            current = Task { await body() }
        }
    }

    /// Cancels the loop and waits for it to end.
    func stop() async {
        guard let running = task.withLock({ current -> Task<Void, Never>? in
            defer { current = nil }
            return current
        }) else { return }
        running.cancel()
        await running.value
    }
}
