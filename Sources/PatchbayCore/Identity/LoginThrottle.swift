import Synchronization

/// The login throttle a server shares between requests: `LoginThrottleState` behind a lock,
/// reading time from an injected clock.
public final class LoginThrottle: Sendable {
    private let state: Mutex<LoginThrottleState>
    private let clock: any WallClock

    /// A throttle enforcing `policy`, reading time from `clock`.
    public init(policy: LoginThrottlePolicy, clock: any WallClock) {
        state = Mutex(LoginThrottleState(policy: policy))
        self.clock = clock
    }

    /// The limits in force.
    public var policy: LoginThrottlePolicy { state.withLock { $0.policy } }

    /// Users and addresses currently remembered.
    public var entryCount: (users: Int, addresses: Int) { state.withLock { $0.entryCount } }

    /// Whether an attempt for `user` from `address` may verify a password (see `LoginThrottleState.admit`).
    public func admit(user: String, address: String) -> LoginAdmission {
        let now = clock.now()
        return state.withLock { $0.admit(user: user, address: address, now: now) }
    }

    /// Reports how an admitted attempt ended.
    public func finish(user: String, address: String, outcome: LoginOutcome) {
        let now = clock.now()
        state.withLock { $0.finish(user: user, address: address, outcome: outcome, now: now) }
    }

    /// Forgets the failures of every key that names a user.
    public func clear(users keys: [String]) {
        state.withLock { state in keys.forEach { state.clear(user: $0) } }
    }
}
