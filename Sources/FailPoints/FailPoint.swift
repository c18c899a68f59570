import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Named points in the lifecycle where a crash test can kill the process (SIGKILL), so recovery
/// is proven from every step, in the server and in the agent. `PATCHBAY_FAILPOINTS=build.after_claim,…`
/// arms them; without the variable a point costs one set lookup.
public enum FailPoint {
    private static let armed: Set<String> = Set(
        (ProcessInfo.processInfo.environment["PATCHBAY_FAILPOINTS"] ?? "").split(separator: ",").map { String($0) })

    /// Every point, in lifecycle order: the server's, then the agent's.
    public static let all = ["build.after_port", "build.after_claim", "build.after_bind", "build.after_wired",
                             "delete.after_mark", "delete.after_ports", "guests.before_purge",
                             "attach.after_claim", "attach.after_bind", "detach.after_mark",
                             "agent.after_teardown", "agent.after_links", "agent.after_define", "agent.after_start",
                             "agent.after_hotplug"]

    /// Kills the process when `name` is armed.
    public static func hit(_ name: String) {
        guard armed.contains(name) else { return }
        FileHandle.standardError.write(Data("failpoint \(name): killing the process\n".utf8))
        kill(getpid(), SIGKILL)
    }
}
