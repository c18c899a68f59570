import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A few dedicated threads for CPU-heavy jobs (password hashes), so they never occupy Swift's
/// cooperative pool, which has one thread per core and also runs every request. Callers wait
/// in a queue as suspended tasks, not blocked threads. Threads start on demand, up to
/// `maxThreads`, optionally below normal priority (nice +`niceness` on Linux; off by default:
/// on a machine loaded by other work a lowered thread starves and logins stall), and exit after
/// `idleTimeout` without work.
public final class HashWorkerPool: @unchecked Sendable {
    // @unchecked: every mutable field is guarded by `condition`.
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var head = 0
    private var threads = 0
    private var idle = 0
    /// The most threads running at once.
    public let maxThreads: Int
    private let niceness: Int32
    private let idleTimeout: TimeInterval

    /// A pool of at most `maxThreads` threads (0: one less than the cores, at least one).
    public init(maxThreads: Int = 0, niceness: Int32 = 0, idleTimeout: TimeInterval = 5) {
        self.maxThreads = maxThreads > 0 ? maxThreads : Self.defaultThreads
        self.niceness = niceness
        self.idleTimeout = idleTimeout
    }

    /// One less than the machine's active cores, at least one.
    public static var defaultThreads: Int { max(1, ProcessInfo.processInfo.activeProcessorCount - 1) }

    /// Jobs waiting for a thread.
    public var queued: Int {
        condition.lock()
        defer { condition.unlock() }
        return jobs.count - head
    }

    /// Runs `body` on a pool thread; the caller's task is suspended until it returns.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            submit { continuation.resume(with: Result { try body() }) }
        }
    }

    private func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        let spawn = jobs.count - head > idle && threads < maxThreads
        if spawn { threads += 1 }
        condition.signal()
        condition.unlock()
        if spawn {
            let thread = Thread { [self] in work() }
            thread.name = "patchbay-hash"
            thread.start()
        }
    }

    private func work() {
        #if canImport(Glibc)
        // On Linux `who == 0` names the calling thread, so only this worker is lowered.
        if niceness != 0 { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness) }
        #endif
        while let job = next() { job() }
    }

    /// The next job, or nil once the thread has been idle for `idleTimeout` (it then exits).
    private func next() -> (@Sendable () -> Void)? {
        condition.lock()
        defer { condition.unlock() }
        while head == jobs.count {
            idle += 1
            let woken = condition.wait(until: Date(timeIntervalSinceNow: idleTimeout))
            idle -= 1
            if !woken && head == jobs.count {
                threads -= 1
                return nil
            }
        }
        let job = jobs[head]
        head += 1
        if head > 64 && head * 2 > jobs.count {
            jobs.removeFirst(head)
            head = 0
        }
        return job
    }
}
