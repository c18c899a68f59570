import Foundation

/// Runs test setup commands (`ip netns add`, `ip link add …`) and returns their output.
public enum Shell {
    /// The `ip` executable.
    public static let ip = "/usr/sbin/ip"

    /// Runs `executable` with `arguments`; returns standard output.
    /// - Throws: `NetnsError` with the command line and its standard error when it exits non-zero.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let errors = FileManager.default.temporaryDirectory
            .appendingPathComponent("netns-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errors) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            let command = ([executable] + arguments).joined(separator: " ")
            throw NetnsError("\(command) failed (\(process.terminationStatus)): "
                + stderr.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return String(decoding: stdout, as: UTF8.self)
    }

    /// Runs `ip` with `arguments`.
    @discardableResult
    public static func ip(_ arguments: String...) throws -> String {
        try run(ip, arguments)
    }
}
