import ChildProcess
import Foundation
import PatchbayCore

/// Runs a command-line tool and returns its standard output; a failure becomes a `PatchbayError`
/// carrying what the tool printed on standard error.
public struct CommandRunner: Sendable {
    /// The executable, e.g. `/usr/sbin/ip`.
    public let executable: String
    /// Arguments put before every command's own, e.g. `["-n", "ns1"]`.
    public let leadingArguments: [String]

    /// Creates a runner of `executable` that passes `leadingArguments` first.
    public init(executable: String, leadingArguments: [String] = []) {
        self.executable = executable
        self.leadingArguments = leadingArguments
    }

    /// The command line as it is run, e.g. `ip -n ns1 link set dev tap1 up`.
    public func commandLine(_ arguments: [String]) -> String {
        ([URL(fileURLWithPath: executable).lastPathComponent] + leadingArguments + arguments).joined(separator: " ")
    }

    /// Runs the tool with `arguments` (standard input empty); returns standard output.
    ///
    /// - Throws: `host.netlink_device_not_found` when the tool says `Cannot find device "X"`,
    ///   otherwise `host.command_failed` with the command line and the tool's standard error.
    @discardableResult
    public func run(_ arguments: [String]) throws(PatchbayError) -> String {
        let command = commandLine(arguments)
        let outcome: ChildProcess.Outcome
        do { outcome = try ChildProcess.run(executable, leadingArguments + arguments) } catch {
            throw .commandFailed(command, error.description)
        }
        let message = outcome.errorText
        guard outcome.status == 0 else {
            if let device = Self.missingDeviceName(in: message) { throw .netlinkDeviceNotFound(device) }
            throw .commandFailed(command, message.isEmpty ? "exit status \(outcome.status)" : message)
        }
        return outcome.outputText
    }

    /// The device of iproute2's `Cannot find device "X"`, if `message` says that.
    public static func missingDeviceName(in message: String) -> String? {
        guard let range = message.range(of: "Cannot find device \"") else { return nil }
        let rest = message[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}

extension PatchbayError {
    /// 500 `HostCommandFailed`: a host tool (`ip`, `bridge`, `tc`) failed; the message holds the
    /// command line and the tool's own words.
    public static func commandFailed(_ command: String, _ output: String) -> PatchbayError {
        PatchbayError(code: "host.command_failed", type: "HostCommandFailed", category: .internalError,
                      message: "\(command) failed: \(output)")
    }
}
