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

    /// Whether something is mounted on the directory: it lies on another device than its parent.
    /// (Reading `/proc/self/mounts` instead can miss an entry while other tests mount and
    /// unmount namespaces, as the kernel does not read the table atomically.)
    public var isMounted: Bool {
        var directory = stat(), parent = stat()
        guard stat(path, &directory) == 0, stat(path + "/..", &parent) == 0 else { return false }
        return directory.st_dev != parent.st_dev
    }
}
