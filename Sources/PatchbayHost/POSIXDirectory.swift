#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An open directory read with `*at` calls, so that the many tiny files of one sysfs device are
/// read without walking the (symlinked) path again for each of them.
struct POSIXDirectory: ~Copyable {
    private let descriptor: Int32

    /// Opens a directory (following links); nil when it cannot be opened.
    init?(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// The entry names (without `.` and `..`), sorted.
    func entries() -> [String] {
        let copy = dup(descriptor)
        guard copy >= 0, let directory = fdopendir(copy) else { return [] }
        defer { closedir(directory) }
        rewinddir(directory)
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) {
                    String(cString: $0)
                }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// A file's text with surrounding whitespace removed; nil when it cannot be opened or read.
    func readText(_ name: String) -> String? {
        let file = openat(descriptor, name, O_RDONLY)
        guard file >= 0 else { return nil }
        defer { close(file) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4096) { buffer -> String? in
            // A sysfs attribute is at most a page and arrives whole in one read (as does a
            // small fixture file), so one call is enough.
            let used = read(file, buffer.baseAddress!, buffer.count)
            if used < 0 { return nil }
            return Self.trimmed(UnsafeBufferPointer(rebasing: buffer[0..<used]))
        }
    }

    /// The last path component of a link's target, e.g. `i40e` for `../../bus/pci/drivers/i40e`.
    func linkBasename(_ name: String) -> String? {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 4096) { buffer -> String? in
            let count = readlinkat(descriptor, name, buffer.baseAddress!, buffer.count)
            guard count > 0 else { return nil }
            let bytes = UnsafeRawBufferPointer(start: buffer.baseAddress!, count: count).bindMemory(to: UInt8.self)
            let start = bytes.lastIndex(of: UInt8(ascii: "/")).map { $0 + 1 } ?? 0
            return String(decoding: bytes[start...], as: UTF8.self)
        }
    }

    /// Whether an entry exists after following links (false for a dangling link).
    func exists(_ name: String) -> Bool {
        faccessat(descriptor, name, F_OK, 0) == 0
    }

    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D || $0 == 0 }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }),
              let last = bytes.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
