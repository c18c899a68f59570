import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension ImageFileStore {
    /// Deletes upload files left behind: every one when `olderThan` is nil (this server is the
    /// only one using the directory, so none is in flight), else those unwritten for that many
    /// seconds (left by a server that died; live uploads write continually). Returns how many.
    @discardableResult
    func clearTemporary(olderThan seconds: Int64?) -> Int {
        let cutoff = Int64(Date().timeIntervalSince1970) - (seconds ?? 0)
        var removed = 0
        for name in Self.entries(of: temporaryDirectory) {
            let file = "\(temporaryDirectory)/\(name)"
            var info = stat()
            guard stat(file, &info) == 0 else { continue }
            if seconds == nil || Int64(info.st_mtim.tv_sec) < cutoff, unlink(file) == 0 { removed += 1 }
        }
        return removed
    }

    /// The SHA-512 of every stored data file.
    func storedData() -> [String] {
        Self.entries(of: "\(root)/data").filter { $0.count == 128 && $0.allSatisfy(\.isHexDigit) }
    }

    /// Finishes removals a server did not finish (it died between moving a file aside and
    /// deleting it): files still referenced go back in place, the rest are deleted.
    func settleTrash(isReferenced: (String) async throws -> Bool) async throws {
        for name in Self.entries(of: trashDirectory) {
            let sha512 = String(name.prefix { $0 != "." })
            try await settle("\(trashDirectory)/\(name)", sha512: sha512) { try await isReferenced(sha512) }
        }
    }

    /// The names in a directory (none when it cannot be read).
    static func entries(of directory: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    }
}
