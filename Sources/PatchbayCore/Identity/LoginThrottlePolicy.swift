/// The limits on failed password logins, after Keystone's `[security_compliance]`
/// `lockout_failure_attempts` and `lockout_duration`, plus a per-source-address limit.
/// A limit of 0 turns its rule off.
public struct LoginThrottlePolicy: Sendable, Equatable {
    /// Consecutive failures after which a user is refused; 0 never locks.
    public var userFailureLimit: Int
    /// Seconds a locked user stays refused, counted from the failure that locked it.
    public var lockoutDuration: Int64
    /// Failures one source address may make within `addressWindow`; 0 never limits.
    public var addressFailureLimit: Int
    /// The length in seconds of an address's counting window, which starts at its first failure.
    public var addressWindow: Int64
    /// The most users and addresses remembered at once (each table); the oldest go first.
    public var maxEntries: Int

    /// Creates a policy.
    public init(userFailureLimit: Int = 6, lockoutDuration: Int64 = 1800, addressFailureLimit: Int = 30,
                addressWindow: Int64 = 60, maxEntries: Int = 10_000) {
        self.userFailureLimit = userFailureLimit
        self.lockoutDuration = lockoutDuration
        self.addressFailureLimit = addressFailureLimit
        self.addressWindow = addressWindow
        self.maxEntries = maxEntries
    }

    /// Both rules off: every attempt is admitted.
    public static let disabled = LoginThrottlePolicy(userFailureLimit: 0, addressFailureLimit: 0)
}

/// What the throttle decided about one login attempt.
public enum LoginAdmission: Sendable, Equatable {
    /// Go ahead and verify the password; report the outcome with `finish`.
    case admitted
    /// The user (as the request named it) is locked out: answer the ordinary 401.
    case userLocked
    /// The source address failed too often: answer 429 with `Retry-After: seconds`.
    case addressLimited(retryAfter: Int64)
}

/// How an admitted attempt ended.
public enum LoginOutcome: Sendable, Equatable {
    /// The password was right: the user's failure count is cleared.
    case succeeded
    /// The password was wrong (or the user unknown, disabled or without a password).
    case failed
    /// The attempt ended before a verdict (an internal error): nothing is counted.
    case abandoned
}
