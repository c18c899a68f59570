import Logging
import PatchbayStore
import Synchronization

/// Writes agent heartbeats by group commit: a heartbeat that changes nothing else is queued,
/// and one writer at a time stores everything queued in one transaction (one small `UPDATE` per
/// agent, no document), then wakes the requests whose heartbeats it wrote and hands the next
/// batch to one of the requests that queued meanwhile. Each request so waits for at most the
/// batch under way and its own, and ten thousand agents reporting every 30 s cost a few commits
/// a second, not three hundred.
final class HeartbeatBatcher: Sendable {
    private struct State {
        var queued: [String: Int64] = [:]
        /// Requests whose heartbeat is queued and not yet in a batch: resumed with `true` to write
        /// the next batch, or with `false` once their heartbeat is stored.
        var waiting: [CheckedContinuation<Bool, Never>] = []
        var writing = false
    }

    private let state = Mutex(State())
    private let logger = Logger(label: "patchbay.network")

    /// Queues `agentId`'s heartbeat at `time` and returns once a batch holding it was written (a
    /// failed batch is logged; the agent's next heartbeat makes good the loss).
    func record(_ agentId: String, at time: Int64, into repository: any NetworkRepository) async {
        let leads = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let now = state.withLock { state -> Bool in
                state.queued[agentId] = max(state.queued[agentId] ?? time, time)
                if state.writing {
                    state.waiting.append(continuation)
                    return false
                }
                state.writing = true
                return true
            }
            if now { continuation.resume(returning: true) }
        }
        guard leads else { return }
        let (batch, written) = state.withLock { state in
            defer { state.queued = [:]; state.waiting = [] }
            return (state.queued, state.waiting)
        }
        do {
            try await repository.write { try await $0.recordHeartbeats(batch) }
        } catch {
            logger.warning("heartbeats not stored", metadata: ["agents": "\(batch.count)", "error": "\(error)"])
        }
        for request in written { request.resume(returning: false) }
        let next = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            guard !state.waiting.isEmpty else {
                state.writing = false
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume(returning: true)
    }
}
