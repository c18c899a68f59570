import Logging
import PatchbayCore
import PatchbayHost

/// One host's agent: reports the host, fetches its desired state, converges the host to it and
/// reports port and guest status. Every pass works without the server too (from the last desired
/// state it saved) and catches up when the server answers again.
public actor HostAgent<Netlink: NetlinkVF, Journal: VFStateJournal, Links: HostLinks, Guests: Hypervisor> {
    /// The configuration.
    public let config: AgentConfig
    let seams: HostSeams<Netlink, Journal, Links, Guests>
    let server: any ControlPlane
    let logger: Logger
    let savedState: DesiredStateFile

    /// The desired state last fetched (or loaded from disk), and its entity tag.
    var desired: HostDesiredState?
    var desiredTag: String?
    /// The inventory body the server last accepted; an equal one is not sent again.
    var sentInventory: JSONValue?
    /// The latest discovery, the planner's view of the host.
    var facts: HostFacts?
    /// PF problems found by the latest discovery, reported in the agent's configurations.
    var pfHealth: [String: String] = [:]
    /// False until the first heartbeat the server accepted (that one carries `start_flag`).
    var registered = false
    /// The last server error, so a long outage is logged once rather than every pass.
    var lastServerError: String?

    /// Creates an agent over its seams and a server; loads the desired state saved by a previous run.
    public init(config: AgentConfig, seams: HostSeams<Netlink, Journal, Links, Guests>, server: any ControlPlane,
                logger: Logger = Logger(label: "patchbay.agent")) {
        self.config = config
        self.seams = seams
        self.server = server
        self.logger = logger
        self.savedState = DesiredStateFile(directory: config.stateDirectory)
        if let (state, tag) = savedState.load() {
            self.desired = state
            self.desiredTag = tag
        }
    }

    /// Registers or heartbeats the agent.
    public func heartbeat() async {
        await talk("heartbeat") {
            try await server.reportAgent(agentReport(startFlag: !registered))
            registered = true
        }
    }

    /// Discovers the host and sends the inventory when it changed since the last accepted report.
    public func syncInventory() async {
        do {
            let discovered = try discover()
            guard discovered != sentInventory else { return }
            await talk("inventory report") {
                try await server.reportInventory(host: config.host, discovered)
                sentInventory = discovered
            }
        } catch {
            logger.error("discovery failed", metadata: ["error": "\(error)"])
        }
    }

    /// One pass: fetch the desired state (conditionally), converge the host, report what changed.
    @discardableResult
    public func pass() async -> PassResult {
        await talk("desired state") {
            switch try await server.desiredState(host: config.host, ifNoneMatch: desiredTag) {
            case .unchanged: break
            case .changed(let state, let tag):
                desired = state
                desiredTag = tag
                do { try savedState.save(state, tag: tag) } catch {
                    logger.warning("cannot save the desired state", metadata: ["error": "\(error)"])
                }
            }
        }
        if facts == nil { _ = try? discover() }
        guard let desired, let facts else { return PassResult() }
        var result = converge(desired, facts: facts)
        let changes = PortStatusDiff.changes(ports: desired.ports, wired: result.wiredPorts)
        if !changes.up.isEmpty || !changes.down.isEmpty {
            await talk("port status report") {
                try await server.reportDevices(host: config.host, up: changes.up, down: changes.down)
                result.reportedUp = changes.up
                result.reportedDown = changes.down
            }
        }
        let awaiting = Set(desired.guests.filter(\.awaitingStart).map(\.serverId))
        let running = result.runningGuests.intersection(awaiting)
        let failed = result.failedGuests.filter { awaiting.contains($0.key) }
        if !running.isEmpty || !failed.isEmpty {
            await talk("guest report") {
                try await server.reportGuests(host: config.host, running: running.sorted(), failed: failed)
            }
        }
        return result
    }

    /// Runs `body`, logging a server failure once per distinct error and the recovery after it.
    func talk(_ what: String, _ body: () async throws -> Void) async {
        do {
            try await body()
            if lastServerError != nil {
                logger.notice("server reachable again")
                lastServerError = nil
            }
        } catch {
            let message = (error as? PatchbayError)?.message ?? "\(error)"
            if lastServerError != message {
                logger.warning("\(what) failed; working from the last desired state", metadata: ["error": "\(message)"])
                lastServerError = message
            }
        }
    }
}
