import ArgumentParser
import Foundation
import Logging
import PatchbayAgent
import PatchbayCore
import PatchbayHost
import ServiceLifecycle

/// `patchbay agent`: the host agent, until SIGTERM or SIGINT.
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent", abstract: "Run the host agent: discovery, reconcile, port and guest status.")

    @Option(help: "The server's base URL (overrides agent.server).")
    var server: String?

    @Option(help: "This host's name (overrides agent.host).")
    var host: String?

    @Option(help: "YAML agent config file.")
    var config: String?

    @Option(help: "The directory that contains sys/ (overrides agent.sysfs_root).")
    var sysfsRoot: String?

    @Flag(help: "Tear down more guests in one pass than agent.max_teardown allows.")
    var allowTeardown = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func run() async throws {
        StandardErrorLogging.bootstrap(level: logLevel)
        var settings: AgentConfig
        do {
            let yaml = try config.map { try String(contentsOfFile: $0, encoding: .utf8) } ?? ""
            settings = try AgentConfig.load(yaml: yaml, server: server, host: host)
        } catch {
            throw ValidationError("invalid configuration: \(error)")
        }
        if let sysfsRoot { settings.sysfsRoot = sysfsRoot }
        settings.allowTeardown = allowTeardown
        if settings.credentials != nil, let password = ProcessInfo.processInfo.environment["PATCHBAY_AGENT_PASSWORD"] {
            settings.credentials?.password = password
        }
        let logger = Logger(label: "patchbay.agent")
        var seams = HostSeams(
            sysfs: LinuxSysfs(root: settings.sysfsRoot), netlink: IPCommandNetlink(),
            journal: try FileVFStateJournal(directory: settings.stateDirectory + "/vf-originals"),
            links: IPCommandLinks(namespace: settings.namespace, programDirectory: settings.programDirectory),
            hypervisor: try LibvirtHypervisor(uri: settings.libvirtURI, onReconnect: { uri in
                logger.notice("libvirt connection was lost; reconnected", metadata: ["uri": "\(uri)"])
            }))
        seams.mirroring = LinuxPortMirroring(namespace: settings.namespace, programDirectory: settings.programDirectory)
        let agent = HostAgent(config: settings, seams: seams,
                              server: HTTPControlPlane(baseURL: settings.serverURL, credentials: settings.credentials),
                              logger: logger)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [AgentService(agent: agent, logger: logger)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
