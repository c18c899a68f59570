import PatchbayCore
import Synchronization

/// Identity settings: token lifetime, password hashing cost, the catalog and bootstrap users.
public struct IdentityConfig: Sendable {
    /// Token lifetime in seconds (Keystone's default is one hour).
    public var tokenExpiration: Int64
    /// scrypt cost (log2 N) for new password hashes.
    public var passwordLogCost: Int
    /// The region every catalog endpoint belongs to.
    public var region: String
    /// Public URLs of the services; nil means "this server's own address" plus the service prefix.
    public var publicURL: String?
    /// Internal URLs base; nil means the same as public.
    public var internalURL: String?
    /// Admin URLs base; nil means the same as public.
    public var adminURL: String?
    /// The name of the service user the compute side and agents use.
    public var serviceUserName: String
    /// Consecutive failed password logins after which a user is refused (0: never).
    public var lockoutFailureAttempts = 6
    /// Seconds a locked user stays refused after its last failure.
    public var lockoutDuration: Int64 = 1800
    /// Failed password logins one source address may make per window (0: unlimited).
    public var addressFailureLimit = 30
    /// The per-address counting window in seconds.
    public var addressFailureWindow: Int64 = 60
    /// Threads that compute password hashes (0: one less than the cores, at least one).
    public var passwordHashWorkers = 0

    /// The login throttle's limits.
    public var loginThrottlePolicy: LoginThrottlePolicy {
        LoginThrottlePolicy(userFailureLimit: lockoutFailureAttempts, lockoutDuration: lockoutDuration,
                            addressFailureLimit: addressFailureLimit, addressWindow: addressFailureWindow)
    }

    /// Creates a configuration.
    public init(tokenExpiration: Int64 = 3600, passwordLogCost: Int = 15, region: String = "RegionOne",
                publicURL: String? = nil, internalURL: String? = nil, adminURL: String? = nil,
                serviceUserName: String = "patchbay") {
        self.tokenExpiration = tokenExpiration
        self.passwordLogCost = passwordLogCost
        self.region = region
        self.publicURL = publicURL
        self.internalURL = internalURL
        self.adminURL = adminURL
        self.serviceUserName = serviceUserName
    }
}

/// The base URL of this server, learned once the listener is bound (port 0 picks a free one).
public final class ServerAddress: Sendable {
    private let value = Mutex<String>("http://127.0.0.1:9696")

    /// Creates the holder.
    public init() {}

    /// A holder preset from a `HOST:PORT` listen setting.
    public convenience init(listen: String) {
        self.init()
        set(hostPort: listen)
    }

    /// The current base URL, e.g. `http://127.0.0.1:9696`.
    public var baseURL: String { value.withLock { $0 } }

    /// Records the bound `HOST:PORT`.
    public func set(hostPort: String) { value.withLock { $0 = "http://\(hostPort)" } }
}
