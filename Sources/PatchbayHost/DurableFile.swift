import Foundation

/// Whole-file replacement that survives a crash: the bytes go to a synced temporary file that is
/// renamed over the old one, and the directory is synced, so a reader finds the old content or
/// the new one, never a mix. The agent's state files (VF originals, owned links, reboots) use it.
enum DurableFile {
    /// Why a replacement failed, without the file's path (the caller's error names it).
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Replaces the file at `path` with `bytes` (mode 0600), creating its directory when needed.
    static func replace(_ path: String, with bytes: [UInt8]) throws(Failure) {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = directory + "/." + (path as NSString).lastPathComponent + ".tmp"
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw Failure(description: "cannot create its directory: \(error)")
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure(description: "cannot create \(temporary): \(lastError())") }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == bytes.count, synced, rename(temporary, path) == 0 else {
            let reason = lastError()
            unlink(temporary)
            throw Failure(description: reason)
        }
        syncDirectory(directory)
    }

    /// The file's text, or nil when there is no file.
    static func read(_ path: String) throws -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    /// Makes renames and unlinks in `directory` durable (best effort).
    static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
