import ArgumentParser
import Foundation
import Logging
import PatchbayAPI
import ServiceLifecycle

/// `patchbay serve`: runs the API server until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the Patchbay API server.")

    @Option(help: "Address to listen on, HOST:PORT (default from config: 127.0.0.1:9696).")
    var listen: String?

    @Option(help: "SQLite database file (default from config: patchbay.sqlite).")
    var database: String?

    @Option(help: "YAML config file; the built-in defaults apply when omitted.")
    var config: String?

    @Flag(help: "Accept requests without a token; every caller is an admin.")
    var noauth = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = logLevel
            return handler
        }
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
        let server = try await PatchbayServer.make(config: settings, logger: logger) { address in
            // Unbuffered, so a script waiting for this line sees it at once.
            FileHandle.standardOutput.write(Data("listening on http://\(address)\n".utf8))
        }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [server.application], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            try? await server.store.close()
            throw error
        }
        try await server.store.close()
        logger.info("stopped")
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
