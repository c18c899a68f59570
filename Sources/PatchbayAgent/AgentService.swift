import Foundation
import Logging
import PatchbayCore
import ServiceLifecycle

/// Runs a `HostAgent` as a Service: a heartbeat and inventory sync every `report_interval`, a
/// reconcile pass every `poll_interval` and as soon as the desired state changes (the fetch
/// long-polls the server), until graceful shutdown (SIGTERM/SIGINT), which lets
/// the pass under way finish.
public struct AgentService<Netlink: NetlinkVF, Journal: VFStateJournal, Links: HostLinks, Guests: Hypervisor>: Service {
    let agent: HostAgent<Netlink, Journal, Links, Guests>
    let logger: Logger

    /// Wraps an agent.
    public init(agent: HostAgent<Netlink, Journal, Links, Guests>, logger: Logger) {
        self.agent = agent
        self.logger = logger
    }

    /// The long-poll wait for a poll interval: whole seconds, 1 to 60.
    static func longPoll(_ pollInterval: Double) -> Int { min(60, max(1, Int(pollInterval))) }

    /// Loops until shutdown.
    public func run() async throws {
        let config = agent.config
        logger.notice("agent started", metadata: ["host": "\(config.host)", "server": "\(config.serverURL)"])
        var nextReport = Date.distantPast
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            if Date() >= nextReport {
                await agent.syncInventory()
                await agent.heartbeat()
                nextReport = Date().addingTimeInterval(config.reportInterval)
            }
            // The fetch long-polls for up to poll_interval, so a change arrives at once; a new
            // state is converged and polled for again right away, anything else paces the loop.
            let started = ContinuousClock.now
            let pass = await agent.pass(longPoll: Self.longPoll(config.pollInterval))
            await agent.syncConsoles()
            let pause = Duration.milliseconds(Int(config.pollInterval * 1000)) - (ContinuousClock.now - started)
            if pass.fetch != .changed, pause > .zero {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
            }
        }
        logger.notice("agent stopped", metadata: ["host": "\(config.host)"])
    }
}
