import Foundation
import Logging
import PatchbayCore
import ServiceLifecycle

/// Runs a `HostAgent` as a Service: a heartbeat and inventory sync every `report_interval`, a
/// reconcile pass every `poll_interval`, until graceful shutdown (SIGTERM/SIGINT), which lets
/// the pass under way finish.
public struct AgentService<Netlink: NetlinkVF, Journal: VFStateJournal, Links: HostLinks, Guests: Hypervisor>: Service {
    let agent: HostAgent<Netlink, Journal, Links, Guests>
    let logger: Logger

    /// Wraps an agent.
    public init(agent: HostAgent<Netlink, Journal, Links, Guests>, logger: Logger) {
        self.agent = agent
        self.logger = logger
    }

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
            await agent.pass()
            try? await cancelWhenGracefulShutdown {
                try await Task.sleep(for: .milliseconds(Int(config.pollInterval * 1000)))
            }
        }
        logger.notice("agent stopped", metadata: ["host": "\(config.host)"])
    }
}
