import Foundation
import Logging
import PatchbayAPI
import PatchbayCore
import PatchbayPostgres
import ServiceLifecycle

/// A live Patchbay server on 127.0.0.1 with a free port and its own SQLite file, for tests.
/// `stop()` shuts it down gracefully; `restart()` reopens the same database.
public final class TestServer: Sendable {
    /// `http://127.0.0.1:PORT`.
    public let baseURL: String
    /// The database file.
    public let databasePath: String
    /// The configuration it runs with.
    public let config: ServerConfig
    /// The clock the server reads.
    public let clock: ManualClock
    private let group: ServiceGroup
    private let server: PatchbayServer
    /// Committed writes as the server counts them (the desired-state long-poll waits on it).
    public var changes: ChangeFeed { server.changes }
    /// The directory this server's database keeps its image files in (`data/`, `tmp/`, `trash/`).
    public var imageFiles: String { server.images.files.root }
    private let running: Task<Void, any Error>

    private init(baseURL: String, databasePath: String, config: ServerConfig, clock: ManualClock, group: ServiceGroup,
                 server: PatchbayServer, running: Task<Void, any Error>) {
        self.baseURL = baseURL
        self.databasePath = databasePath
        self.config = config
        self.clock = clock
        self.group = group
        self.server = server
        self.running = running
    }

    /// The admin password token-mode test servers are bootstrapped with.
    public static let adminPassword = "test-admin-secret"
    /// The service user's password in test servers.
    public static let servicePassword = "test-service-secret"

    /// Starts a server. `yaml` overrides the built-in config; `databasePath` reuses a file.
    /// By default the server runs in noauth mode (callers narrow it with headers); pass
    /// `tokens: true` to require Keystone tokens. Servers go ACTIVE as soon as they are placed
    /// unless `waitForAgent` (then a host agent must report the guest running). `listen` picks
    /// the address (`127.0.0.1:0` for a free port). `passwordHashing` replaces scrypt (e.g. a
    /// `CountingPasswordHashing` that counts the hashes logins compute).
    public static func start(yaml: String = ServerConfig.defaultYAML, databasePath: String? = nil,
                             clock: ManualClock = ManualClock(), tokens: Bool = false, waitForAgent: Bool = false,
                             listen: String = "127.0.0.1:0",
                             passwordHashing: (any PasswordHashing)? = nil) async throws -> TestServer {
        var config = try ServerConfig.load(yaml: yaml)
        config.listen = listen
        config.compute.waitForAgent = waitForAgent
        config.database = databasePath ?? TestServer.temporaryDatabase()
        if config.images.directory == nil { config.images.directory = TestServer.imageDirectory }
        config.noauth = !tokens
        config.identity.passwordLogCost = 10
        config.servicePassword = servicePassword
        var logger = Logger(label: "test-server")
        logger.logLevel = .warning
        let ready = AsyncStream<String>.makeStream()
        let server = try await PatchbayServer.make(config: config, logger: logger, clock: clock,
                                                   adminPassword: adminPassword, passwordHashing: passwordHashing,
                                                   openStore: DatabaseOpener.open) { address in
            ready.continuation.yield(address)
        }
        let group = ServiceGroup(configuration: .init(services: server.services, logger: logger))
        let running = Task { try await group.run() }
        var iterator = ready.stream.makeAsyncIterator()
        guard let address = await iterator.next() else { throw CancellationError() }
        return TestServer(baseURL: "http://\(address)", databasePath: config.database, config: config, clock: clock,
                          group: group, server: server, running: running)
    }

    /// Shuts the server down gracefully and closes the database.
    public func stop() async throws {
        await group.triggerGracefulShutdown()
        try await running.value
        try await server.close()
    }

    /// Stops this server and starts a new one on the same database file (and, with
    /// `samePort`, the same address, as a restarted server would have).
    public func restart(yaml: String = ServerConfig.defaultYAML, samePort: Bool = false) async throws -> TestServer {
        try await stop()
        return try await TestServer.start(yaml: yaml, databasePath: databasePath, clock: clock, tokens: !config.noauth,
                                          waitForAgent: config.compute.waitForAgent,
                                          listen: samePort ? String(baseURL.dropFirst("http://".count)) : "127.0.0.1:0")
    }

    /// Where test servers keep image data unless their config says otherwise: one directory under
    /// the temporary directory, each database's files in a subdirectory of their own.
    public static var imageDirectory: String {
        FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-tests/images", isDirectory: true).path
    }

    /// A fresh database: a SQLite file under the temporary directory, or a schema of its own in
    /// the tests' PostgreSQL database (``TestDatabase/postgres``).
    public static func temporaryDatabase() -> String {
        if let postgres = TestDatabase.postgres { return TestDatabase.freshSchema(in: postgres) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-tests", isDirectory: true)
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("\(UUIDv4.make()).sqlite").path
    }
}
