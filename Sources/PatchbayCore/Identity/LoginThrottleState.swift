/// The pure rules of the login throttle: a value that takes the time as an argument and returns
/// decisions, so every rule is tested without a server or a real clock.
///
/// Attempts still being verified count as failures-to-be, so a burst of concurrent attempts
/// cannot run more password hashes than the limits allow. Entries expire (a user's when its
/// last failure is older than the lockout, an address's when its window ends) and each table
/// holds at most `policy.maxEntries`, dropping the least recently active entries first.
public struct LoginThrottleState: Sendable {
    struct UserEntry: Sendable {
        var failures = 0
        var pending = 0
        var lastFailure: Int64 = 0
        var touched: Int64 = 0
    }

    struct AddressEntry: Sendable {
        var failures = 0
        var pending = 0
        var windowStart: Int64 = 0
        var touched: Int64 = 0
    }

    /// The limits in force.
    public let policy: LoginThrottlePolicy
    var users: [String: UserEntry] = [:]
    var addresses: [String: AddressEntry] = [:]

    /// An empty throttle.
    public init(policy: LoginThrottlePolicy) { self.policy = policy }

    /// Users and addresses currently remembered.
    public var entryCount: (users: Int, addresses: Int) { (users.count, addresses.count) }

    /// Decides whether an attempt for `user` (the key the request named) from `address` may
    /// verify a password. An admitted attempt must be reported with `finish`; a locked user's
    /// refusal counts as a failure of its address.
    public mutating func admit(user: String, address: String, now: Int64) -> LoginAdmission {
        if policy.addressFailureLimit > 0 {
            var entry = addressEntry(address, now: now)
            if entry.failures + entry.pending >= policy.addressFailureLimit {
                let retry = entry.failures > 0 ? entry.windowStart + policy.addressWindow - now : 1
                return .addressLimited(retryAfter: max(1, retry))
            }
            if userIsLocked(user, now: now) {
                entry.record(failureAt: now)
                entry.touched = now
                store(address, entry)
                return .userLocked
            }
            entry.pending += 1
            entry.touched = now
            store(address, entry)
        } else if userIsLocked(user, now: now) {
            return .userLocked
        }
        if policy.userFailureLimit > 0 {
            var entry = users[user] ?? UserEntry()
            entry.pending += 1
            entry.touched = now
            store(user: user, entry)
        }
        return .admitted
    }

    /// Records how an admitted attempt ended: a success clears the user's count, a failure
    /// adds one to the user and to the address.
    public mutating func finish(user: String, address: String, outcome: LoginOutcome, now: Int64) {
        if policy.userFailureLimit > 0, var entry = users[user] {
            entry.pending = max(0, entry.pending - 1)
            entry.touched = now
            switch outcome {
            case .succeeded: entry.failures = 0
            case .failed: entry.failures += 1; entry.lastFailure = now
            case .abandoned: break
            }
            if entry.failures == 0 && entry.pending == 0 { users[user] = nil } else { users[user] = entry }
        }
        if policy.addressFailureLimit > 0, addresses[address] != nil {
            var entry = addressEntry(address, now: now)
            entry.pending = max(0, entry.pending - 1)
            entry.touched = now
            if outcome == .failed { entry.record(failureAt: now) }
            if entry.failures == 0 && entry.pending == 0 { addresses[address] = nil } else { addresses[address] = entry }
        }
    }

    /// Whether `user` is refused now: its failures (counting attempts under way) reached the
    /// limit and the last one is younger than the lockout. An expired lockout starts afresh.
    mutating func userIsLocked(_ user: String, now: Int64) -> Bool {
        guard policy.userFailureLimit > 0, var entry = users[user] else { return false }
        if entry.failures > 0, now >= entry.lastFailure + policy.lockoutDuration {
            entry.failures = 0
            users[user] = entry.pending == 0 ? nil : entry
        }
        return entry.failures + entry.pending >= policy.userFailureLimit
    }

    /// The address's entry with an ended window reset.
    func addressEntry(_ address: String, now: Int64) -> AddressEntry {
        guard var entry = addresses[address] else { return AddressEntry() }
        if entry.failures > 0, now >= entry.windowStart + policy.addressWindow { entry.failures = 0 }
        return entry
    }
}

extension LoginThrottleState.AddressEntry {
    /// Counts a failure; the first failure of a window starts it.
    mutating func record(failureAt now: Int64) {
        if failures == 0 { windowStart = now }
        failures += 1
    }
}
