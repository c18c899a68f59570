import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a short-lived tool (`ip`, `tc`, a fixture script) with `posix_spawn` and collects its
/// output. Foundation's `Process` is not used: on Linux its launch reads `/proc/self/fd` with a
/// 256-byte copy per entry that can run past glibc's buffer and crash the whole process
/// (swift-corelibs-foundation #5472), which a long-lived agent spawning `ip` every pass cannot
/// risk. Every descriptor made here is close-on-exec, so none stays in other children.
public enum ChildProcess {
    /// How a tool ended and what it printed.
    public struct Outcome: Sendable {
        /// The exit status, or 128 + the signal that killed it.
        public var status: Int32
        /// Standard output.
        public var output: [UInt8]
        /// Standard error.
        public var errors: [UInt8]

        /// Standard output as text.
        public var outputText: String { String(decoding: output, as: UTF8.self) }
        /// Standard error as text, trimmed.
        public var errorText: String {
            let text = String(decoding: errors, as: UTF8.self)
            let blank: (Character) -> Bool = { $0.isWhitespace }
            return String(text.drop(while: blank).reversed().drop(while: blank).reversed())
        }
    }

    /// Why a tool could not be started: the `posix_spawn` step that failed and its errno text.
    public struct LaunchFailure: Error, CustomStringConvertible {
        /// E.g. `spawn /usr/sbin/ip: No such file or directory`.
        public var description: String
    }

    /// Runs `executable` with `arguments`, standard input empty, and waits for it to end.
    public static func run(_ executable: String, _ arguments: [String]) throws(LaunchFailure) -> Outcome {
        let child = try spawning.withLock { _ throws(LaunchFailure) in try spawn(executable, arguments) }
        let (stdout, stderr) = drain(child.output, child.errors)
        return Outcome(status: wait(child.pid), output: stdout, errors: stderr)
    }

    /// Held from making a child's pipes until the child runs and the parent closed their write
    /// ends: a pipe is made first and marked close-on-exec after, and a child spawned by another
    /// thread in between would inherit its write end and hold it open for its whole life.
    private static let spawning = Mutex(())

    /// Starts the child with standard input from /dev/null and both outputs into new pipes; the
    /// pid and the pipes' read ends.
    private static func spawn(_ executable: String, _ arguments: [String]) throws(LaunchFailure)
        -> (pid: pid_t, output: Int32, errors: Int32) {
        var output: [Int32] = [-1, -1], errors: [Int32] = [-1, -1]
        guard closeOnExecPipe(&output) else { throw failure("pipe") }
        guard closeOnExecPipe(&errors) else {
            closeAll(output)
            throw failure("pipe")
        }
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { if null >= 0 { close(null) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, null, 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let spawned = argv.withUnsafeBufferPointer { posix_spawn(&pid, executable, &actions, nil, $0.baseAddress!, environ) }
        close(output[1])
        close(errors[1])
        guard spawned == 0 else {
            close(output[0])
            close(errors[0])
            throw LaunchFailure(description: "spawn \(executable): \(String(cString: strerror(spawned)))")
        }
        return (pid, output[0], errors[0])
    }

    /// Reads both pipes to their end (polling both, so a tool filling one never blocks), then closes them.
    private static func drain(_ first: Int32, _ second: Int32) -> ([UInt8], [UInt8]) {
        var data: [[UInt8]] = [[], []]
        var open = [first, second]
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while open.contains(where: { $0 >= 0 }) {
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            guard poll(&fds, nfds_t(fds.count), -1) >= 0 || errno == EINTR else { break }
            for index in 0..<2 where open[index] >= 0 && fds[index].revents != 0 {
                let count = read(open[index], &buffer, buffer.count)
                if count > 0 {
                    data[index] += buffer[0..<count]
                } else if count == 0 || errno != EINTR {
                    close(open[index])
                    open[index] = -1
                }
            }
        }
        return (data[0], data[1])
    }

    /// Waits for `pid`; its exit status, or 128 + the signal that ended it.
    private static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    private static func failure(_ step: String) -> LaunchFailure {
        LaunchFailure(description: "\(step): \(String(cString: strerror(errno)))")
    }

    /// A pipe whose two ends are close-on-exec.
    private static func closeOnExecPipe(_ fds: inout [Int32]) -> Bool {
        guard pipe(&fds) == 0 else { return false }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }

    private static func closeAll(_ fds: [Int32]) {
        for fd in fds where fd >= 0 { close(fd) }
    }
}
