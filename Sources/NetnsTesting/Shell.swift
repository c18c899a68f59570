import ChildProcess
import Foundation

/// Runs test setup commands (`ip netns add`, `ip link add …`) and returns their output.
public enum Shell {
    /// The `ip` executable.
    public static let ip = "/usr/sbin/ip"

    /// Runs `executable` with `arguments`; returns standard output.
    /// - Throws: `NetnsError` with the command line and its standard error when it exits non-zero.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let command = ([executable] + arguments).joined(separator: " ")
        let outcome: ChildProcess.Outcome
        do { outcome = try ChildProcess.run(executable, arguments) } catch { throw NetnsError("\(command): \(error)") }
        guard outcome.status == 0 else {
            throw NetnsError("\(command) failed (\(outcome.status)): " + outcome.errorText)
        }
        return outcome.outputText
    }

    /// Runs `ip` with `arguments`.
    @discardableResult
    public static func ip(_ arguments: String...) throws -> String {
        try run(ip, arguments)
    }
}
