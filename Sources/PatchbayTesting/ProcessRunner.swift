import ChildProcess

/// Runs a command to completion for tests: its exit status and its stdout and stderr together
/// (standard output first), through `ChildProcess` rather than Foundation's `Process`.
public enum ProcessRunner {
    /// Runs `executable` with `arguments` and waits for it.
    public static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let outcome = try ChildProcess.run(executable, arguments)
        return (outcome.status, String(decoding: outcome.output + outcome.errors, as: UTF8.self))
    }
}
