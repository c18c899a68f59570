import ArgumentParser
import Foundation
import Logging
import PatchbayAPI
import PatchbayPostgres
import PatchbayStore

/// `patchbay bootstrap`: creates the admin and service identities and prints a clouds.yaml
/// entry, without serving.
struct BootstrapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bootstrap",
                                                    abstract: "Create the admin user, projects, roles and service user.")

    @Option(help: "SQLite file or postgresql:// URL (default from config: patchbay.sqlite).")
    var database: String?

    @Option(help: "YAML config file; the built-in defaults apply when omitted.")
    var config: String?

    @Option(help: "Admin password (else $PATCHBAY_ADMIN_PASSWORD, else generated and printed once).")
    var adminPassword: String?

    func run() async throws {
        var logger = Logger(label: "patchbay")
        logger.logLevel = .warning
        var settings = try ServerConfig.load(yaml: try config.map { try String(contentsOfFile: $0, encoding: .utf8) } ?? ServerConfig.defaultYAML)
        if let database { settings.database = database }
        let environment = ProcessInfo.processInfo.environment
        if let service = environment["PATCHBAY_SERVICE_PASSWORD"] { settings.servicePassword = service }
        let password = adminPassword ?? environment["PATCHBAY_ADMIN_PASSWORD"]
        let store = try await DatabaseOpener.open(settings.database, logger: logger)
        let identity = IdentityService(repository: SQLIdentityRepository(store: store), config: settings.identity,
                                       clock: SystemClock(), address: ServerAddress(listen: settings.listen))
        let result = try await identity.bootstrap(adminPassword: password, servicePassword: settings.servicePassword)
        try await store.close()
        print(BootstrapReport.text(result, identity: identity)() ?? "bootstrap: already done; nothing changed")
    }
}
