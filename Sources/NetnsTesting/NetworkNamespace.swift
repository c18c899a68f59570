import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A named network namespace (`ip netns add`) that a test creates and deletes.
public struct NetworkNamespace: Hashable, Sendable, CustomStringConvertible {
    /// The name under `/run/netns`.
    public let name: String

    /// Whether namespace tests can run: root, and `ip netns add`/`del` work.
    public static let isAvailable: Bool = {
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: Shell.ip) else { return false }
        guard let probe = try? NetworkNamespace.create(prefix: "pbprobe") else { return false }
        probe.delete()
        return true
    }()

    /// Names an existing namespace.
    public init(existing name: String) {
        self.name = name
    }

    /// Creates a namespace named `prefix` plus a random suffix (at most 15 bytes in all, so the
    /// name also fits an interface name), with its loopback up.
    public static func create(prefix: String = "pbt") throws -> NetworkNamespace {
        let namespace = NetworkNamespace(existing: prefix + uniqueSuffix())
        try Shell.ip("netns", "add", namespace.name)
        do { try namespace.ip("link", "set", "dev", "lo", "up") } catch {
            namespace.delete()
            throw error
        }
        return namespace
    }

    /// Six random hex digits: a suffix that keeps parallel tests apart.
    public static func uniqueSuffix() -> String {
        String(UInt32.random(in: 0...0xff_ffff), radix: 16).leftPadded(to: 6)
    }

    /// Deletes the namespace and, with it, every link inside; errors are ignored.
    ///
    /// Equivalent to: `ip netns del $name`.
    public func delete() {
        _ = try? Shell.ip("netns", "del", name)
    }

    /// Runs `ip -n $name …`; returns its output.
    @discardableResult
    public func ip(_ arguments: String...) throws -> String {
        try Shell.run(Shell.ip, ["-n", name] + arguments)
    }

    /// Runs `executable` inside the namespace (`ip netns exec $name …`); returns its output.
    @discardableResult
    public func run(_ executable: String, _ arguments: [String]) throws -> String {
        try Shell.run(Shell.ip, ["netns", "exec", name, executable] + arguments)
    }

    /// The namespace's file, which `setns` enters.
    public var path: String { "/run/netns/" + name }

    /// The name.
    public var description: String { name }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
