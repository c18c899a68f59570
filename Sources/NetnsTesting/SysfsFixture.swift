import ChildProcess
import Foundation

/// A fake sysfs tree built by `scripts/make-sysfs-fixtures.sh` in a fresh temporary directory,
/// removed again when the fixture is released.
public final class SysfsFixture: @unchecked Sendable {
    /// The directory that contains `sys/`; pass it to `LinuxSysfs(root:)`.
    public let root: URL

    /// Builds the given layouts (e.g. `["x710"]`, `["big", "--pfs", "8", "--vfs", "64"]`).
    public init(_ layouts: [String]) throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("patchbay-sysfs-\(UUID().uuidString)", isDirectory: true)
        let outcome: ChildProcess.Outcome
        do { outcome = try ChildProcess.run("/bin/bash", [Self.script.path, root.path] + layouts) } catch {
            throw FixtureError(message: "fixture script: \(error)")
        }
        guard outcome.status == 0 else {
            let message = outcome.errorText
            throw FixtureError(message: "fixture script failed (\(outcome.status)): \(message)")
        }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// The real directory of a PCI function (following `sys/bus/pci/devices/<address>`).
    public func devicePath(_ address: String) -> String {
        root.appendingPathComponent("sys/bus/pci/devices/\(address)").resolvingSymlinksInPath().path
    }

    /// Overwrites a file inside the tree, e.g. `sys/class/net/ens1f0/operstate`.
    public func write(_ text: String, to relativePath: String) throws {
        try Data((text + "\n").utf8).write(to: root.appendingPathComponent(relativePath).resolvingSymlinksInPath())
    }

    /// Removes a file or link at a path relative to a PCI function's directory.
    public func remove(_ name: String, of address: String) throws {
        try FileManager.default.removeItem(atPath: devicePath(address) + "/" + name)
    }

    /// `scripts/make-sysfs-fixtures.sh` of the package this test file belongs to.
    private static var script: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/make-sysfs-fixtures.sh")
    }
}

/// The fixture script failed.
public struct FixtureError: Error, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// The message.
    public var description: String { message }
}
