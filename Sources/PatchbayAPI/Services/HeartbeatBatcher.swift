import Logging
import PatchbayStore
import Synchronization

/// Writes agent heartbeats in batches: a heartbeat that changes nothing else is queued, and
/// one writer at a time stores everything queued in one transaction (one small `UPDATE` per
/// agent, no document), again until the queue is empty. Ten thousand agents reporting every
/// 30 s so cost a few commits a second, not three hundred. A heartbeat lost to a crash before
/// its batch commits is made good by the agent's next one.
final class HeartbeatBatcher: Sendable {
    private struct State {
        var queued: [String: Int64] = [:]
        var writing = false
    }

    private let state = Mutex(State())
    private let logger = Logger(label: "patchbay.network")

    /// Queues `agentId`'s heartbeat at `time`; the caller that finds no batch being written
    /// writes the queue (and what arrives meanwhile) before returning.
    func record(_ agentId: String, at time: Int64, into repository: any NetworkRepository) async {
        let leads = state.withLock { state -> Bool in
            state.queued[agentId] = max(state.queued[agentId] ?? time, time)
            guard !state.writing else { return false }
            state.writing = true
            return true
        }
        guard leads else { return }
        while true {
            let batch = state.withLock { state -> [String: Int64] in
                defer { state.queued = [:] }
                if state.queued.isEmpty { state.writing = false }
                return state.queued
            }
            guard !batch.isEmpty else { return }
            do {
                try await repository.write { try await $0.recordHeartbeats(batch) }
            } catch {
                logger.warning("heartbeats not stored", metadata: ["agents": "\(batch.count)", "error": "\(error)"])
            }
        }
    }
}
