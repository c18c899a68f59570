import PatchbayAPI
import PatchbayCore
import Testing

/// The failed-login limits and hashing threads under `identity:`: defaults, 0 turning a rule
/// off, and a ConfigError naming the setting for every invalid value.
@Suite("Identity limits config")
struct IdentityLimitsConfigTests {
    @Test("the defaults lock a user after 6 failures for 1800 s and an address after 30 failures a minute")
    func defaults() throws {
        for yaml in [ServerConfig.defaultYAML, ""] {
            let policy = try ServerConfig.load(yaml: yaml).identity.loginThrottlePolicy
            #expect(policy == LoginThrottlePolicy(userFailureLimit: 6, lockoutDuration: 1800, addressFailureLimit: 30, addressWindow: 60))
            #expect(try ServerConfig.load(yaml: yaml).identity.passwordHashWorkers == 0)
        }
    }

    @Test("0 turns each limit off; set values are kept")
    func disabling() throws {
        let identity = try ServerConfig.load(yaml: """
            identity:
              lockout_failure_attempts: 0
              lockout_duration: 5
              address_failure_limit: 0
              address_failure_window: 7
              password_hash_workers: 3
            """).identity
        #expect(identity.loginThrottlePolicy == LoginThrottlePolicy(userFailureLimit: 0, lockoutDuration: 5, addressFailureLimit: 0,
                                                                    addressWindow: 7))
        #expect(identity.passwordHashWorkers == 3)
    }

    @Test("invalid values fail naming the setting", arguments: [
        ("lockout_failure_attempts: -1", "identity.lockout_failure_attempts: must be 0 (off) to 1000"),
        ("lockout_duration: 0", "identity.lockout_duration: must be 1-86400 seconds"),
        ("address_failure_limit: -5", "identity.address_failure_limit: must be 0 (off) to 100000"),
        ("address_failure_window: 0", "identity.address_failure_window: must be 1-86400 seconds"),
        ("password_hash_workers: 65", "identity.password_hash_workers: must be 0 (one less than the cores) to 64"),
        ("lockout_duration: soon", "identity.lockout_duration"),
        ("lockout_attempts: 3", "lockout_attempts"),
    ])
    func invalidValue_Fails(setting: String, message: String) {
        #expect {
            _ = try ServerConfig.load(yaml: "identity:\n  \(setting)")
        } throws: { error in
            (error as? ConfigError)?.description.contains(message) == true
        }
    }
}
