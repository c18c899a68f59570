import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A unique directory path for a test mount (e.g. the bpffs that `tc -n` can see), which the
/// code under test creates and mounts, and `remove()` unmounts and deletes.
public struct TemporaryMountPoint: Hashable, Sendable {
    /// The directory, e.g. `/run/patchbay-test-3fa9c1`.
    public let path: String

    /// Names a fresh directory under `prefix`; nothing is created yet.
    public init(prefix: String = "/run/patchbay-test-") {
        self.path = prefix + NetworkNamespace.uniqueSuffix()
    }

    /// Unmounts everything mounted on the directory, then deletes it; errors are ignored.
    public func remove() {
        var attempts = 0
        while umount2(path, Int32(MNT_DETACH)) == 0, attempts < 8 { attempts += 1 }
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Whether something is mounted on the directory (it is a mount point in `/proc/self/mounts`).
    public var isMounted: Bool {
        let mounts = (try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)) ?? ""
        return mounts.split(separator: "\n").contains { $0.split(separator: " ").dropFirst().first == Substring(path) }
    }
}
