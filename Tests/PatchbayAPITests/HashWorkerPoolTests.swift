import Foundation
import PatchbayAPI
import Synchronization
import Testing

/// The hashing pool: never more jobs at once than its threads, results and errors delivered to
/// the waiting callers, and real scrypt verification through it.
@Suite("Hash worker pool")
struct HashWorkerPoolTests {
    /// Tracks how many jobs run at once.
    final class Concurrency: Sendable {
        private let state = Mutex<(running: Int, peak: Int)>((0, 0))
        func enter() { state.withLock { $0.running += 1; $0.peak = max($0.peak, $0.running) } }
        func leave() { state.withLock { $0.running -= 1 } }
        var peak: Int { state.withLock { $0.peak } }
    }

    struct Refused: Error {}

    @Test("jobs beyond the thread limit wait their turn", arguments: [1, 2, 3])
    func bounded(threads: Int) async throws {
        let pool = HashWorkerPool(maxThreads: threads, idleTimeout: 1)
        let concurrency = Concurrency()
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<12 {
                group.addTask {
                    try await pool.run {
                        concurrency.enter()
                        defer { concurrency.leave() }
                        Thread.sleep(forTimeInterval: 0.01)
                        return index * 2
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.sorted() == (0..<12).map { $0 * 2 })
        #expect(concurrency.peak <= threads)
        #expect(pool.queued == 0)
    }

    @Test("a job's error reaches its caller")
    func jobError_Fails() async throws {
        let pool = HashWorkerPool(maxThreads: 1, idleTimeout: 1)
        await #expect(throws: Refused.self) { try await pool.run { () throws -> Int in throw Refused() } }
        #expect(try await pool.run { 7 } == 7, "the pool keeps working after a failed job")
    }

    @Test("scrypt through the pool verifies the right password and refuses a wrong one")
    func scrypt() async throws {
        let hashing = ScryptPasswordHashing(logCost: 10, pool: HashWorkerPool(maxThreads: 1, idleTimeout: 1))
        let encoded = try await hashing.hash("correct horse")
        #expect(encoded.hasPrefix("scrypt$10$"))
        #expect(await hashing.verify("correct horse", against: encoded))
        #expect(await hashing.verify("wrong horse", against: encoded) == false)
    }
}
