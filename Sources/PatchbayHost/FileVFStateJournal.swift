import Foundation
import PatchbayCore
import Synchronization

/// A `VFStateJournal` on disk: one JSON file per VF under a directory given at creation.
///
/// Each save writes a temporary file, syncs it and renames it over the old one, then syncs the
/// directory, so a crash leaves either the old original or the new one, never half a file.
public struct FileVFStateJournal: VFStateJournal {
    private struct Record: Codable {
        var pf: String
        var vf: Int
        var settings: VFSettings
    }

    /// The directory holding the files, e.g. `/var/lib/patchbay/vf-originals`.
    public let directory: String
    private let cache: JournalCache

    /// Creates a journal over `directory`, creating it (and its parents) when missing.
    public init(directory: String) throws(PatchbayError) {
        self.directory = directory
        self.cache = JournalCache()
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .vfJournalFailed(directory, "\(error)")
        }
    }

    /// Every saved original. The directory is read once (a file that does not decode is an
    /// error, not silently dropped); after that this journal, the directory's only writer,
    /// answers from memory, so a pass over hundreds of bound VFs does not re-read hundreds of files.
    public func originals() throws(PatchbayError) -> [VFID: VFSettings] {
        if let cached = cache.entries.withLock({ $0 }) { return cached }
        let loaded = try readDirectory()
        cache.entries.withLock { $0 = loaded }
        return loaded
    }

    private func readDirectory() throws(PatchbayError) -> [VFID: VFSettings] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw .vfJournalFailed(directory, "\(error)")
        }
        var result: [VFID: VFSettings] = [:]
        for name in names where name.hasSuffix(".json") && !name.hasPrefix(".") {
            let path = "\(directory)/\(name)"
            do {
                let record = try JSONDecoder().decode(Record.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
                result[VFID(pf: record.pf, vf: record.vf)] = record.settings
            } catch {
                throw .vfJournalFailed(path, "\(error)")
            }
        }
        return result
    }

    /// Writes the original of `id` atomically and durably.
    public func save(_ settings: VFSettings, for id: VFID) throws(PatchbayError) {
        let path = self.path(for: id)
        let data: Data
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            data = try encoder.encode(Record(pf: id.pf, vf: id.vf, settings: settings))
        } catch {
            throw .vfJournalFailed(path, "\(error)")
        }
        do { try DurableFile.replace(path, with: Array(data)) } catch { throw .vfJournalFailed(path, error.description) }
        cache.entries.withLock { if $0 != nil { $0?[id] = settings } }
    }

    /// Removes the file of `id`, if any.
    public func forget(_ id: VFID) throws(PatchbayError) {
        let path = self.path(for: id)
        guard unlink(path) == 0 || errno == ENOENT else { throw .vfJournalFailed(path, Self.lastError()) }
        DurableFile.syncDirectory(directory)
        cache.entries.withLock { if $0 != nil { $0?[id] = nil } }
    }

    /// `ens1f0:3.json`; a netdev name never contains `:` or `/`, so the name is unique per VF.
    private func fileName(for id: VFID) -> String { "\(id.pf):\(id.vf).json" }

    private func path(for id: VFID) -> String { "\(directory)/\(fileName(for: id))" }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}

/// The journal's entries once read, shared by copies of the journal value.
final class JournalCache: Sendable {
    let entries = Mutex<[VFID: VFSettings]?>(nil)
}
