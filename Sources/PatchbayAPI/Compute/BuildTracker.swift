import Synchronization

/// The builds this process runs, so a delete can cancel one and shutdown can wait for them all
/// before the store closes.
final class BuildTracker: Sendable {
    private let tasks = Mutex<[String: Task<Void, Never>]>([:])

    /// Runs `body` as the build of server `id`.
    func start(_ id: String, _ body: @escaping @Sendable () async -> Void) {
        tasks.withLock { tasks in
            // Created under the lock, so the task's own removal always comes after this insertion.
            tasks[id] = Task { [weak self] in
                await body()
                self?.finished(id)
            }
        }
    }

    /// Cancels the build of server `id`, if one runs here.
    func cancel(_ id: String) {
        tasks.withLock { $0[id] }?.cancel()
    }

    /// Waits until every build under way has ended.
    func awaitAll() async {
        while let running = tasks.withLock({ $0.values.first }) {
            await running.value
            // A finished task removes itself; wait for that before looking again.
            while tasks.withLock({ $0.values.contains(running) }) { await Task.yield() }
        }
    }

    private func finished(_ id: String) {
        tasks.withLock { _ = $0.removeValue(forKey: id) }
    }
}
