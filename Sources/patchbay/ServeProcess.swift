import Foundation
import PatchbayAPI

/// A `patchbay serve` of its own for a benchmark (this same executable, `--noauth`), so its CPU
/// time and resident memory are the server's alone: a fresh SQLite file in a temporary
/// directory, or `database` (a PostgreSQL URL, shared by every server given it).
final class ServeProcess: @unchecked Sendable {
    let process: Process
    /// `HOST:PORT` it listens on.
    let address: String
    private let directory: URL

    private init(process: Process, address: String, directory: URL) {
        self.process = process
        self.address = address
        self.directory = directory
    }

    /// A fresh schema in `database` for a bench run, or nil for SQLite.
    static func freshSchema(_ database: String?) -> String? {
        database.map { "\($0)?search_path=bench\(UUID().uuidString.prefix(8).lowercased())" }
    }

    /// Starts the server with `yaml` as its config and waits for its `listening on` line. Its
    /// image data goes in its temporary directory too.
    static func start(yaml: String, database: String?) async throws -> ServeProcess {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let config = directory.appendingPathComponent("serve.yaml")
        try (yaml + "\nimage:\n  directory: \(directory.appendingPathComponent("images").path)\n")
            .write(to: config, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["serve", "--listen", "127.0.0.1:0", "--noauth", "--config", config.path,
                             "--database", database ?? directory.appendingPathComponent("bench.sqlite").path,
                             "--admin-password", "bench-admin-password", "--log-level", "error"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        let address = try await Task.detached {
            var text = ""
            while !text.contains("\n") || !text.contains("listening on http://") {
                let chunk = output.fileHandleForReading.availableData
                guard !chunk.isEmpty else { throw FleetFailure("patchbay serve exited before listening: \(text)") }
                text += String(decoding: chunk, as: UTF8.self)
                if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("listening on http://") }) {
                    return String(line.dropFirst("listening on http://".count))
                }
            }
            throw FleetFailure("patchbay serve said: \(text)")
        }.value
        // Keep draining its output, so a chatty server never blocks on a full pipe.
        Thread.detachNewThread { while !output.fileHandleForReading.availableData.isEmpty {} }
        return ServeProcess(process: process, address: address, directory: directory)
    }

    /// User plus system CPU seconds the server has used (`/proc/PID/stat`).
    var cpuSeconds: Double {
        let stat = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8)) ?? ""
        // Fields after the command name (which may hold spaces, so split after its closing paren).
        let fields = stat.split(separator: ")").last?.split(separator: " ") ?? []
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// The server's resident set size in MiB (`/proc/PID/status`).
    var residentMiB: Int { statusMiB("VmRSS:") }

    /// The server's peak resident set size so far, in MiB.
    var peakResidentMiB: Int { statusMiB("VmHWM:") }

    private func statusMiB(_ field: String) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix(field) } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
    }

    /// The server's CPU use over `window`, as a fraction of one core.
    func cpuShare(over window: Duration) async throws -> Double {
        let before = cpuSeconds, began = ContinuousClock.now
        try await Task.sleep(for: window)
        return (cpuSeconds - before) / (began.duration(to: .now).milliseconds / 1000)
    }

    /// Stops it with SIGTERM (SIGKILL after 10 s) and removes its directory.
    func stop() async {
        process.terminate()
        let exited = await Task.detached { [process] in
            for _ in 0..<1_000 where process.isRunning { usleep(10_000) }
            return !process.isRunning
        }.value
        if !exited { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: directory)
    }
}
