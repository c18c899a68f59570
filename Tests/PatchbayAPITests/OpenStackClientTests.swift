import Foundation
import Testing

/// Acceptance: the real OpenStack CLI drives `patchbay serve` through `scripts/osc-scenario.sh`.
@Suite("OpenStack CLI acceptance")
struct OpenStackClientTests {
    /// The package root: this file lives in `Tests/PatchbayAPITests/`.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Whether a `python3` executable is on `PATH`; the scenario needs it for the client's venv.
    static let hasPython3: Bool = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").contains { directory in
            FileManager.default.isExecutableFile(atPath: "\(directory)/python3")
        }
    }()

    /// The `patchbay` binary built next to this test bundle, so the scenario runs the same build.
    static func siblingServerBinary() -> String? {
        let runner = URL(fileURLWithPath: CommandLine.arguments.first ?? "")
        var directory = runner.deletingLastPathComponent()
        // On macOS the runner sits inside `patchbayPackageTests.xctest/Contents/MacOS`.
        while directory.pathExtension == "xctest" || directory.lastPathComponent == "MacOS"
            || directory.lastPathComponent == "Contents" {
            directory.deleteLastPathComponent()
        }
        let candidate = directory.appendingPathComponent("patchbay").path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
    }

    @Test("openstack network/subnet/port commands bind an SR-IOV port and report a failed binding",
          .enabled(if: OpenStackClientTests.hasPython3, "python3 is not installed; the OpenStack CLI scenario needs it"),
          .timeLimit(.minutes(10)))
    func scenarioPasses() async throws {
        let script = Self.packageRoot.appendingPathComponent("scripts/osc-scenario.sh")
        #expect(FileManager.default.isExecutableFile(atPath: script.path), "scripts/osc-scenario.sh must be executable")

        let log = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-osc-\(UUID().uuidString).log")
        #expect(FileManager.default.createFile(atPath: log.path, contents: nil))
        defer { try? FileManager.default.removeItem(at: log) }
        let output = try FileHandle(forWritingTo: log)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash", script.path]
        process.currentDirectoryURL = Self.packageRoot
        var environment = ProcessInfo.processInfo.environment
        if environment["PATCHBAY_BIN"] == nil, let binary = Self.siblingServerBinary() {
            environment["PATCHBAY_BIN"] = binary
        }
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output

        // A cancelled test (e.g. over its time limit) stops the script, whose trap stops the server.
        let status: Int32 = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                process.terminationHandler = { finished in continuation.resume(returning: finished.terminationStatus) }
                do { try process.run() } catch {
                    process.terminationHandler = nil
                    continuation.resume(throwing: error)
                }
            }
        } onCancel: {
            if process.isRunning { process.terminate() }
        }
        try output.close()

        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? "<no output>"
        if status != 0 {
            print("---- scripts/osc-scenario.sh output ----\n\(text)\n---- end ----")
            Attachment.record(text, named: "osc-scenario.log")
        }
        #expect(status == 0, "osc-scenario.sh exited \(status):\n\(text)")
        #expect(text.contains(" passed, 0 failed"), "the scenario printed no clean summary:\n\(text)")
    }
}
