import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The guest side of a macvtap: its character device `/dev/tapN`, made as a node in a temporary
/// directory (no udev here) and opened, so a test reads what the guest receives and writes what
/// it sends. Each frame crosses the device with a 10-byte virtio-net header, as QEMU sees it.
public final class MacvtapQueue: @unchecked Sendable {
    private let fd: Int32
    private let node: String
    private static let headerSize = 10

    /// Opens the queue of macvtap `link` in `namespace`.
    public init(namespace: NetworkNamespace, link: String) throws {
        let index = try namespace.run("/bin/cat", ["/sys/class/net/\(link)/ifindex"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let numbers = try namespace.run("/bin/cat", ["/sys/class/net/\(link)/macvtap/tap\(index)/dev"])
            .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":").compactMap { UInt64($0) }
        guard numbers.count == 2 else { throw NetnsError("no character device for macvtap \(link)") }
        let (major, minor) = (numbers[0], numbers[1])
        let device = ((major & 0xfff) << 8) | (minor & 0xff) | ((minor & ~0xff) << 12) | ((major & ~0xfff) << 32)
        node = "/run/pbmvtap-" + NetworkNamespace.uniqueSuffix()
        guard mknod(node, mode_t(S_IFCHR | 0o600), dev_t(device)) == 0 else {
            throw NetnsError("mknod \(node): \(NetworkNamespace.errorText())")
        }
        fd = open(node, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else {
            let error = NetworkNamespace.errorText()
            unlink(node)
            throw NetnsError("open \(node): \(error)")
        }
    }

    deinit {
        close(fd)
        unlink(node)
    }

    /// Sends `frame` as the guest.
    public func send(_ frame: [UInt8]) throws {
        let bytes = [UInt8](repeating: 0, count: Self.headerSize) + frame
        guard write(fd, bytes, bytes.count) == bytes.count else { throw NetnsError("write tap: \(NetworkNamespace.errorText())") }
    }

    /// The frames the guest received since the last call (waiting up to `milliseconds` for the first).
    public func drain(milliseconds: Int32 = 0) -> [[UInt8]] {
        var frames: [[UInt8]] = []
        var wait = milliseconds
        while !ProbeSocket.readable([fd], milliseconds: wait).isEmpty {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            let count = read(fd, &buffer, buffer.count)
            guard count > Self.headerSize else { break }
            frames.append(Array(buffer[Self.headerSize..<count]))
            wait = 0
        }
        return frames
    }
}
