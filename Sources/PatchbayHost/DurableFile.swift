import Foundation

/// Whole-file replacement that survives a crash: the text goes to a synced temporary file that
/// is renamed over the old one, and the directory is synced, so a reader finds the old text or
/// the new one, never a mix.
enum DurableFile {
    /// Replaces the file at `path` with `text`, creating its directory when needed.
    static func replace(_ path: String, with text: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = directory + "/." + (path as NSString).lastPathComponent + ".tmp"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else {
                throw CocoaError(.fileWriteUnknown)
            }
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: temporary))
            try handle.synchronize()
            try handle.close()
            guard rename(temporary, path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            let folder = try FileHandle(forReadingFrom: URL(fileURLWithPath: directory))
            try? folder.synchronize()
            try folder.close()
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    /// The file's text, or nil when there is no file.
    static func read(_ path: String) throws -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try String(contentsOfFile: path, encoding: .utf8)
    }
}
