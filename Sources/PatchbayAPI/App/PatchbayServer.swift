import Hummingbird
import Logging
import PatchbayCore
import PatchbayStore
import ServiceLifecycle

/// Assembles a Patchbay server: the store, the services, the route table and the HTTP
/// application, ready to run as a `Service` in a `ServiceGroup`.
public struct PatchbayServer: Sendable {
    /// The HTTP application.
    public let application: Application<PatchbayResponder>
    /// The open database; close it after the application has stopped.
    public let store: any SQLStore
    /// The identity service (for bootstrap output).
    public let identity: IdentityService
    /// The compute service (its builds and recovery sweep stop at ``close()``).
    public let compute: ComputeService
    /// The image service.
    public let images: ImageService
    /// What a `ServiceGroup` runs: the application, and the closer that wakes long-polls at the
    /// start of a graceful shutdown.
    public var services: [any Service] { [application, ChangeFeedCloser(feed: changes)] }
    /// Committed writes, which desired-state long-polls wait on (woken for good at ``close()``).
    public let changes: ChangeFeed
    /// What the first-start bootstrap did, when it ran.
    public let bootstrap: BootstrapResult?

    /// Opens the database (running migrations), wires the services and binds to `listen`.
    /// `onReady` receives the bound `HOST:PORT` once the listener accepts connections.
    /// On a database without users the identity bootstrap runs first, with `adminPassword`
    /// (generated when nil). `passwordHashing` replaces scrypt on the hashing pool (tests count hashes).
    /// `openStore` opens `server.database` (the executable chooses the engine from it).
    public static func make(config: ServerConfig, logger: Logger, clock: any WallClock = SystemClock(),
                            adminPassword: String? = nil, passwordHashing: (any PasswordHashing)? = nil,
                            openStore: (String, Logger) async throws -> any SQLStore,
                            onReady: @escaping @Sendable (String) async -> Void = { _ in }) async throws -> PatchbayServer {
        let (host, port) = try parseListen(config.listen)
        let store = try await openStore(config.database, logger)
        do {
            let service = try NetworkService(repository: SQLNetworkRepository(store: store), config: config.networking, clock: clock)
            let address = ServerAddress()
            address.set(hostPort: "\(host):\(port)")
            let identity = IdentityService(repository: SQLIdentityRepository(store: store), config: config.identity, clock: clock,
                                           address: address, hashing: passwordHashing)
            var bootstrap: BootstrapResult?
            if try await identity.isEmpty() {
                bootstrap = try await identity.bootstrap(adminPassword: adminPassword, servicePassword: config.servicePassword)
                logger.info("identity bootstrapped", metadata: ["admin_user": "admin", "service_user": "\(config.identity.serviceUserName)"])
            }
            identity.prepareLogins()
            let authenticator: any Authenticator = config.noauth
                ? NoAuthAuthenticator(projectId: config.noauthProjectId) : TokenAuthenticator(identity: identity)
            let compute = ComputeService(repository: SQLComputeRepository(store: store), network: service,
                                         images: StoredBootImages(repository: SQLImageRepository(store: store)),
                                         config: config.compute, clock: clock, logger: logger)
            try await compute.load()
            let images = try await ImageService.open(
                repository: SQLImageRepository(store: store),
                directory: config.images.directory(database: config.database, isSQLite: store.dialect == .sqlite),
                soleServer: store.dialect == .sqlite, consumers: ComputeImageConsumers(compute: compute), clock: clock,
                logger: logger)
            compute.startSweeping()
            let changes = ChangeFeed()
            store.onHostsChanged { changes.changed($0) }
            let responder = PatchbayResponder(table: Routes.table(network: service, identity: identity, compute: compute,
                                                                  images: images, changes: changes),
                                              authenticator: authenticator, logger: logger)
            let application = Application(
                responder: responder,
                configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "patchbay"),
                onServerRunning: { channel in
                    let bound = channel.localAddress?.port ?? port
                    address.set(hostPort: "\(host):\(bound)")
                    await onReady("\(host):\(bound)")
                },
                logger: logger)
            return PatchbayServer(application: application, store: store, identity: identity, compute: compute, images: images,
                                  changes: changes, bootstrap: bootstrap)
        } catch {
            try? await store.close()
            throw error
        }
    }

    /// Call after the application has stopped: wakes long-polls, stops the recovery sweep, waits for the builds
    /// under way, then closes the database.
    public func close() async throws {
        changes.close()
        await compute.shutdown()
        try await store.close()
    }

    /// Splits `HOST:PORT` (IPv6 hosts in brackets).
    public static func parseListen(_ listen: String) throws -> (String, Int) {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
              (0...65535).contains(port)
        else { throw ConfigError("server.listen: '\(listen)' is not HOST:PORT") }
        var host = String(listen[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw ConfigError("server.listen: '\(listen)' has no host") }
        return (host, port)
    }
}
