import Foundation
import Testing

/// A suite's or test's need for something the machine may lack (root, namespaces, libvirt):
/// without it the suite is skipped on a developer's machine, but under `CI=true` it fails with
/// an issue naming what is missing, so CI cannot go green by skipping.
///
/// ```swift
/// @Suite("…", .requires(NetworkNamespace.isAvailable, "root and ip netns"))
/// ```
public struct Requirement: TestTrait, SuiteTrait, TestScoping {
    /// What happens to a test whose requirement is or is not met.
    public enum Outcome: Hashable, Sendable {
        /// The requirement holds: the test runs.
        case run
        /// Missing outside CI: the test is skipped.
        case skip
        /// Missing under `CI=true`: the test fails.
        case fail
    }

    let isMet: @Sendable () -> Bool
    /// What is needed, in words, e.g. `root and ip netns`.
    public let need: String

    /// The outcome for a requirement that is `met` or not, inside CI or not.
    public static func outcome(met: Bool, underCI: Bool) -> Outcome {
        met ? .run : (underCI ? .fail : .skip)
    }

    /// True when the environment says this is CI (`CI=true`, as CI services set it).
    public static var underCI: Bool {
        ProcessInfo.processInfo.environment["CI"]?.lowercased() == "true"
    }

    public var isRecursive: Bool { true }

    /// Skips the test when the requirement is missing outside CI.
    public func prepare(for test: Test) async throws {
        guard Self.outcome(met: isMet(), underCI: Self.underCI) == .skip else { return }
        try await ConditionTrait.enabled(if: false, Comment(rawValue: "needs \(need)")).prepare(for: test)
    }

    /// Under CI with the requirement missing, records a failing issue instead of running the test.
    public func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        guard testCase != nil, Self.outcome(met: isMet(), underCI: Self.underCI) == .fail else {
            try await function()
            return
        }
        Issue.record("CI=true but this machine lacks \(need); the test cannot be skipped in CI")
    }
}

extension Trait where Self == Requirement {
    /// Runs only where `condition` holds; skipped elsewhere, failing under `CI=true`.
    public static func requires(_ condition: @autoclosure @escaping @Sendable () -> Bool, _ need: String) -> Self {
        Requirement(isMet: condition, need: need)
    }
}
