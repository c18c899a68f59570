import Foundation
import PatchbayTesting
import Testing

/// A `patchbay serve` child process for tests, found next to the test binary's build products.
final class ServeProcess: @unchecked Sendable {
    let process: Process
    let baseURL: String
    /// What the process printed on stdout up to its ready line.
    let startupOutput: String
    private let errorPipe: Pipe

    private init(process: Process, baseURL: String, startupOutput: String, errorPipe: Pipe) {
        self.process = process
        self.baseURL = baseURL
        self.startupOutput = startupOutput
        self.errorPipe = errorPipe
    }

    /// The server binary: `$PATCHBAY_BIN`, else `.build/debug/patchbay` in the package.
    static var binary: String { PatchbayBinary.path }

    /// Starts `patchbay serve` and waits for its `listening on` line.
    static func start(arguments: [String], environment: [String: String] = [:]) throws -> ServeProcess {
        let process = Process()
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
            .filter { key, _ in environment[key] != nil || key != "PATCHBAY_ADMIN_PASSWORD" }
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--listen", "127.0.0.1:0"] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        var seen = Data()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
            let text = String(decoding: seen, as: UTF8.self)
            if let range = text.range(of: "listening on ") {
                let address = text[range.upperBound...].prefix { !$0.isNewline }
                return ServeProcess(process: process, baseURL: String(address), startupOutput: text, errorPipe: errors)
            }
        }
        process.terminate()
        throw ServeProcessError.notReady(String(decoding: seen, as: UTF8.self))
    }

    /// Sends a signal and waits for the exit status.
    func terminate(signal: Int32) throws -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            throw ServeProcessError.didNotStop
        }
        return process.terminationStatus
    }

    /// Everything the process wrote to stderr so far (call after it exited).
    func stderr() -> String {
        String(decoding: errorPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    /// Runs `patchbay` with arguments to completion and returns its status and combined output.
    static func runToExit(arguments: [String]) throws -> (status: Int32, output: String) {
        try ProcessRunner.run(binary, arguments)
    }
}

enum ServeProcessError: Error {
    case notReady(String)
    case didNotStop
}
