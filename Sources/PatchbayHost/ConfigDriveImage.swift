import Foundation
import PatchbayCore

/// Builds a guest's config drive volume: the drive's files in a scratch directory, then one
/// ISO 9660 image labelled `config-2`, with Rock Ridge and Joliet names (the layout Nova's
/// drives have), by Debian's `genisoimage`. The image appears at its path whole or not at all.
public struct ConfigDriveImage: Sendable {
    /// Where `genisoimage` is.
    public static let defaultTool = "/usr/bin/genisoimage"

    private let tool: CommandRunner

    /// Creates a builder that runs `genisoimage` at `tool`.
    public init(tool: String = ConfigDriveImage.defaultTool) {
        self.tool = CommandRunner(executable: tool)
    }

    /// True when the tool is installed.
    public static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: defaultTool) }

    /// Writes `drive` as an image at `path`, replacing any image there.
    /// - Throws: `host.command_failed` when the tool fails, `host.config_drive_write_failed`
    ///   when a file cannot be written.
    public func build(_ drive: ConfigDrive, at path: String) throws(PatchbayError) {
        try build(files: drive.files(), at: path)
    }

    /// Writes a volume holding `files` at `path`, replacing any image there.
    /// - Throws: as ``build(_:at:)``.
    public func build(files: [DriveFile], at path: String) throws(PatchbayError) {
        let scratch = path + ".d"
        let partial = path + ".partial"
        defer {
            try? FileManager.default.removeItem(atPath: scratch)
            try? FileManager.default.removeItem(atPath: partial)
        }
        do {
            try? FileManager.default.removeItem(atPath: scratch)
            for file in files {
                let url = URL(fileURLWithPath: scratch).appendingPathComponent(file.path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.contents).write(to: url)
            }
        } catch {
            throw PatchbayError(code: "host.config_drive_write_failed", type: "ConfigDriveWriteFailed", category: .internalError,
                                message: "cannot write the config drive's files under \(scratch): \(error)")
        }
        try tool.run(["-o", partial, "-V", ConfigDrive.label, "-J", "-r", "-l", "-ldots", "-allow-lowercase",
                      "-allow-multidot", "-quiet", scratch])
        guard rename(partial, path) == 0 else {
            throw PatchbayError(code: "host.config_drive_write_failed", type: "ConfigDriveWriteFailed", category: .internalError,
                                message: "cannot move the config drive into place at \(path): errno \(errno)")
        }
    }
}
