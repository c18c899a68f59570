import ArgumentParser
import Foundation
import Logging
import PatchbayAPI
import PatchbayPostgres
import ServiceLifecycle
import Synchronization

/// `patchbay serve`: runs the API server until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the Patchbay API server.")

    @Option(help: "Address to listen on, HOST:PORT (default from config: 127.0.0.1:9696).")
    var listen: String?

    @Option(help: "SQLite file or postgresql:// URL (default from config: patchbay.sqlite).")
    var database: String?

    @Option(help: "YAML config file; the built-in defaults apply when omitted.")
    var config: String?

    @Flag(help: "Accept requests without a token; every caller is an admin.")
    var noauth = false

    @Option(help: "Admin password for the first-start bootstrap (else $PATCHBAY_ADMIN_PASSWORD, else generated and printed once).")
    var adminPassword: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func run() async throws {
        StandardErrorLogging.bootstrap(level: logLevel)
        let logger = Logger(label: "patchbay")
        var settings: ServerConfig
        do {
            settings = try ServerConfig.load(yaml: try config.map { try String(contentsOfFile: $0, encoding: .utf8) } ?? ServerConfig.defaultYAML)
        } catch {
            throw ValidationError("invalid configuration: \(error)")
        }
        if let listen { settings.listen = listen }
        if let database { settings.database = database }
        if noauth { settings.noauth = true }
        let environment = ProcessInfo.processInfo.environment
        if let service = environment["PATCHBAY_SERVICE_PASSWORD"] { settings.servicePassword = service }
        let password = adminPassword ?? environment["PATCHBAY_ADMIN_PASSWORD"]
        let box = BootstrapBox()
        let server = try await PatchbayServer.make(config: settings, logger: logger, adminPassword: password,
                                                   openStore: DatabaseOpener.open) { address in
            if let report = box.report() { FileHandle.standardOutput.write(Data(report.utf8)) }
            // Unbuffered, so a script waiting for this line sees it at once.
            FileHandle.standardOutput.write(Data("listening on http://\(address)\n".utf8))
        }
        box.set(BootstrapReport.text(server.bootstrap, identity: server.identity))
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: server.services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            try? await server.close()
            throw error
        }
        try await server.close()
        logger.info("stopped")
    }
}

/// Holds the bootstrap report until the listener is up (the catalog URLs need the port).
final class BootstrapBox: Sendable {
    private let text = Mutex<(() -> String?)?>(nil)
    func set(_ make: @escaping @Sendable () -> String?) { text.withLock { $0 = make } }
    func report() -> String? { text.withLock { $0?() } }
}
