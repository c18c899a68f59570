import PatchbayCore
import PatchbayStore

extension ComputeService {
    /// Finishes what crashed or stalled work left behind, from the store's facts: a build whose
    /// lease ran out is undone (its server goes to ERROR, or is freed when it was deleted), and a
    /// deleted server that waits for nothing is freed, and a hot plug a dead process left half
    /// done is finished (a detach) or undone (an attach whose lease ran out). A build another live process still leases
    /// is left alone. Runs at start and then every half lease while serving.
    func recover() async throws {
        let now = clock.now()
        let servers = try await repository.read { try await $0.servers(projectId: nil) }
        for server in servers where !server.isBuildLeased(at: now) {
            if server.vmState == .building, server.taskState == .scheduling || server.taskState == .networking {
                await abandon(server.id, error: PatchbayError(
                    code: "compute.build_interrupted", type: "BuildAbortException", category: .internalError,
                    message: "Build of instance \(server.id) aborted: the server process building it stopped."))
            } else if server.isDeleting {
                do { try await continueDeletion(server) } catch {
                    logger.error("recovery: freeing a deleted server failed", metadata: ["server": "\(server.id)", "error": "\(error)"])
                }
            } else {
                if server.ports.contains(where: \.detaching) { await finishStrandedDetaches(server) }
                if server.ports.contains(where: \.attaching) { await undoStrandedAttaches(server, now: now) }
            }
        }
    }

    /// Starts the periodic recovery sweep; ``shutdown()`` stops it.
    public func startSweeping() {
        let service = self
        let period = Duration.seconds(max(1, config.buildLease / 2))
        sweeper.start {
            while !Task.isCancelled {
                try? await Task.sleep(for: period)
                guard !Task.isCancelled else { return }
                do { try await service.recover() } catch {
                    service.logger.error("recovery sweep failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    /// Stops the sweep and waits for every build under way, so the store can close under none.
    public func shutdown() async {
        await sweeper.stop()
        await builds.awaitAll()
    }
}
