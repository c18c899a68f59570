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
    /// Guests' disks, config drives and console logs, and the image cache.
    let instances: InstanceDirectory
    /// The domain type this host's guests get, reported to the server.
    let virtType: DomainDefinition.VirtType
    /// Guests whose files were laid out by this run (not checked again while they stay wanted).
    var laidOut: Set<String> = []
    /// True when the image cache may be over its limit (an image fetched, or a guest's files
    /// removed, since it was last trimmed); true at start, so a restart trims once.
    var cacheMayNeedTrim = true
    /// Per guest, the console log last sent (size and modification time).
    var sentConsoles: [String: ConsoleMark] = [:]

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
    /// The record of the links this agent created, the only ones it deletes.
    let ownedLinks: any OwnedLinkRecord
    /// The refusal last logged, so a refused state is logged once and not every pass.
    var lastRefusal: GuestTeardownRefusal?
    /// Port problems last logged.
    var loggedProblems: [String: String] = [:]
    /// Port problems the server last accepted; unchanged ones are not sent again.
    var sentReasons: [String: String] = [:]
    /// The record of the reboots carried out.
    let rebootRecord: any GuestRebootRecord
    /// The reboot counters carried out, once read from the record.
    var carriedOutReboots: [String: Int]?
    /// Per guest (lowercase id), the devices found when its domain last matched its desired XML;
    /// such a guest's devices are not read again until its XML or power changes.
    var settledDevices: [String: SettledDevices] = [:]
    /// Live unplugs asked of running guests and not yet finished by them.
    var askedUnplugs: Set<AskedUnplug> = []
    /// The standing part of the last guest report the server accepted, and the desired state's
    /// revision it answered; an unchanged report for an unchanged state is not sent again.
    var sentGuestStatus: GuestStatusReport?
    /// The devices that carried Patchbay tap filters after the last pass; nil until the first.
    var tapFilteredDevices: Set<String>?
    /// The tap flow outcomes last reported, by flow id (nil: ACTIVE).
    var sentTapFlows: [String: String?] = [:]
    var sentGuestRevision: String?

    /// Creates an agent over its seams and a server; loads the desired state saved by a previous run.
    public init(config: AgentConfig, seams: HostSeams<Netlink, Journal, Links, Guests>, server: any ControlPlane,
                logger: Logger = Logger(label: "patchbay.agent")) {
        self.config = config
        self.seams = seams
        self.server = server
        self.logger = logger
        self.savedState = DesiredStateFile(directory: config.stateDirectory)
        self.instances = InstanceDirectory(root: config.instancesDirectory)
        self.virtType = config.virtType ?? .detected()
        self.ownedLinks = seams.ownedLinks ?? FileOwnedLinkRecord(path: config.stateDirectory + "/owned-links")
        self.rebootRecord = seams.rebootRecord ?? FileGuestRebootRecord(path: config.stateDirectory + "/guest-reboots")
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

    /// One pass: fetch the desired state (conditionally; with `longPoll` above zero the server
    /// may hold an unchanged answer that many seconds), converge the host, report what changed.
    @discardableResult
    public func pass(longPoll: Int = 0) async -> PassResult {
        var fetched: PassResult.Fetch = .failed
        await talk("desired state") {
            switch try await server.desiredState(host: config.host, ifNoneMatch: desiredTag, wait: longPoll) {
            case .unchanged: fetched = .unchanged
            case .changed(let state, let tag):
                fetched = .changed
                desired = state
                desiredTag = tag
                do { try savedState.save(state, tag: tag) } catch {
                    logger.warning("cannot save the desired state", metadata: ["error": "\(error)"])
                }
            }
        }
        if facts == nil { _ = try? discover() }
        guard let desired, let facts else {
            var empty = PassResult()
            empty.fetch = fetched
            return empty
        }
        let storage = await layOutGuests(desired)
        var result = converge(desired, facts: facts, storage: storage)
        result.fetch = fetched
        if result.refusal == nil {
            await report(&result, desired: desired)
            await reportTaps(result)
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
