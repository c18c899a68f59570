import PatchbayCore
import Testing

/// The login throttle's rules, stepped through against a manual clock.
@Suite("Login throttle")
struct LoginThrottleTests {
    /// One step of a scenario: an attempt that must get `expect` (and, when admitted, ends with
    /// `outcome`), attempts left under way, or time passing.
    enum Step: Sendable {
        case attempt(user: String = "alice", from: String = "192.0.2.1", LoginOutcome, expect: LoginAdmission)
        case begin(user: String = "alice", from: String = "192.0.2.1", expect: LoginAdmission)
        case wait(Int64)
        case clear(String)
    }

    static let userOnly = LoginThrottlePolicy(userFailureLimit: 3, lockoutDuration: 60, addressFailureLimit: 0, addressWindow: 60)
    static let addressOnly = LoginThrottlePolicy(userFailureLimit: 0, lockoutDuration: 60, addressFailureLimit: 3, addressWindow: 60)
    static let both = LoginThrottlePolicy(userFailureLimit: 3, lockoutDuration: 60, addressFailureLimit: 5, addressWindow: 60)

    static let cases: [(String, LoginThrottlePolicy, [Step])] = [
        ("failures below the limit are all admitted", userOnly, [
            .attempt(.failed, expect: .admitted), .attempt(.failed, expect: .admitted), .attempt(.failed, expect: .admitted),
        ]),
        ("lockedUser_Fails: the attempt after N failures is refused", userOnly, [
            .attempt(.failed, expect: .admitted), .attempt(.failed, expect: .admitted), .attempt(.failed, expect: .admitted),
            .attempt(.succeeded, expect: .userLocked), .wait(59), .attempt(.succeeded, expect: .userLocked),
        ]),
        ("the lockout ends lockout_duration after the last failure, with a fresh count", userOnly, [
            .attempt(.failed, expect: .admitted), .attempt(.failed, expect: .admitted), .wait(30),
            .attempt(.failed, expect: .admitted), .wait(60), .attempt(.failed, expect: .admitted),
            .attempt(.failed, expect: .admitted), .attempt(.failed, expect: .admitted), .attempt(.failed, expect: .userLocked),
        ]),
        ("a success resets the count", userOnly, [
            .attempt(.failed, expect: .admitted), .attempt(.failed, expect: .admitted), .attempt(.succeeded, expect: .admitted),
            .attempt(.failed, expect: .admitted), .attempt(.failed, expect: .admitted), .attempt(.failed, expect: .admitted),
            .attempt(.failed, expect: .userLocked),
        ]),
        ("an abandoned attempt counts nothing", userOnly, [
            .attempt(.failed, expect: .admitted), .attempt(.failed, expect: .admitted), .attempt(.abandoned, expect: .admitted),
            .attempt(.abandoned, expect: .admitted), .attempt(.failed, expect: .admitted), .attempt(.failed, expect: .userLocked),
        ]),
        ("another user is not affected by a lockout", userOnly, [
            .attempt(.failed, expect: .admitted), .attempt(.failed, expect: .admitted), .attempt(.failed, expect: .admitted),
            .attempt(user: "bob", .succeeded, expect: .admitted), .attempt(.succeeded, expect: .userLocked),
        ]),
        ("concurrentAttempts_Fails: attempts under way count toward the lockout", userOnly, [
            .begin(expect: .admitted), .begin(expect: .admitted), .begin(expect: .admitted), .begin(expect: .userLocked),
        ]),
        ("clearing a user ends its lockout", userOnly, [
            .attempt(.failed, expect: .admitted), .attempt(.failed, expect: .admitted), .attempt(.failed, expect: .admitted),
            .clear("alice"), .attempt(.succeeded, expect: .admitted),
        ]),
        ("addressLimit_Fails: failures of many users from one address answer Retry-After until the window ends", addressOnly, [
            .attempt(user: "a", .failed, expect: .admitted), .wait(10), .attempt(user: "b", .failed, expect: .admitted),
            .attempt(user: "c", .failed, expect: .admitted), .wait(5), .attempt(user: "d", .succeeded, expect: .addressLimited(retryAfter: 45)),
            .attempt(user: "d", from: "192.0.2.2", .succeeded, expect: .admitted), .wait(44),
            .attempt(user: "d", .succeeded, expect: .addressLimited(retryAfter: 1)), .wait(1),
            .attempt(user: "d", .succeeded, expect: .admitted),
        ]),
        ("successes do not count toward the address limit", addressOnly, [
            .attempt(.succeeded, expect: .admitted), .attempt(.succeeded, expect: .admitted), .attempt(.succeeded, expect: .admitted),
            .attempt(.succeeded, expect: .admitted), .attempt(.failed, expect: .admitted),
        ]),
        ("lockedUserCountsForAddress_Fails: a locked user's refusals count as the address's failures", both, [
            .attempt(.failed, expect: .admitted), .attempt(.failed, expect: .admitted), .attempt(.failed, expect: .admitted),
            .attempt(.failed, expect: .userLocked), .attempt(.failed, expect: .userLocked),
            .attempt(user: "bob", .succeeded, expect: .addressLimited(retryAfter: 60)),
            .attempt(user: "alice", from: "198.51.100.7", .failed, expect: .userLocked),
        ]),
        ("concurrent attempts from one address count toward its limit", addressOnly, [
            .begin(user: "a", expect: .admitted), .begin(user: "b", expect: .admitted), .begin(user: "c", expect: .admitted),
            .begin(user: "d", expect: .addressLimited(retryAfter: 1)),
        ]),
        ("a disabled policy admits everything", .disabled, Array(repeating: .attempt(.failed, expect: .admitted), count: 50)),
    ]

    @Test("rules", arguments: cases)
    func rules(name: String, policy: LoginThrottlePolicy, steps: [Step]) {
        let clock = ManualClock()
        let throttle = LoginThrottle(policy: policy, clock: clock)
        for (index, step) in steps.enumerated() {
            switch step {
            case .attempt(let user, let address, let outcome, let expected):
                let admission = throttle.admit(user: user, address: address)
                #expect(admission == expected, "\(name): step \(index)")
                if admission == .admitted { throttle.finish(user: user, address: address, outcome: outcome) }
            case .begin(let user, let address, let expected):
                #expect(throttle.admit(user: user, address: address) == expected, "\(name): step \(index)")
            case .wait(let seconds):
                clock.advance(by: seconds)
            case .clear(let user):
                throttle.clear(users: [user])
            }
        }
    }

    @Test("the tables stay within max_entries and forget expired entries")
    func boundedMemory() {
        let clock = ManualClock()
        let throttle = LoginThrottle(policy: LoginThrottlePolicy(userFailureLimit: 3, lockoutDuration: 60, addressFailureLimit: 100,
                                                                 addressWindow: 60, maxEntries: 40), clock: clock)
        for index in 0..<1_000 {
            let user = "user-\(index)", address = "10.0.\(index / 250).\(index % 250)"
            #expect(throttle.admit(user: user, address: address) == .admitted)
            throttle.finish(user: user, address: address, outcome: .failed)
        }
        #expect(throttle.entryCount.users <= 40)
        #expect(throttle.entryCount.addresses <= 40)
        // The newest entries survived: the last user still has its failure on record.
        for _ in 0..<2 {
            _ = throttle.admit(user: "user-999", address: "192.0.2.9")
            throttle.finish(user: "user-999", address: "192.0.2.9", outcome: .failed)
        }
        #expect(throttle.admit(user: "user-999", address: "192.0.2.9") == .userLocked)
        clock.advance(by: 60)
        #expect(throttle.admit(user: "user-999", address: "192.0.2.9") == .admitted)
    }
}
