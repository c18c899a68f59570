import Foundation
import PatchbayCore

/// The files the agent lays out for its guests under its instances directory (see
/// ``InstancePaths``), and the image cache beside them. The agent owns every file here: it
/// creates a guest's directory before defining its domain and removes it once the domain is
/// gone; libvirt and QEMU only open the files (and virtlogd writes the console log).
///
/// Each file appears whole or not at all (written under `.partial`, then renamed), so a crash
/// mid-layout leaves a directory the next pass completes or removes.
public struct InstanceDirectory: Sendable {
    /// The instances directory.
    public let root: String
    /// The image cache under it.
    public let cache: ImageCache
    private let qemuImg: CommandRunner
    private let drives: ConfigDriveImage

    /// The name of the file in a guest's directory that records the image its disk is laid over.
    static let imageRecord = "image"

    /// A directory at `root`, laid out with the given `qemu-img` and `genisoimage`.
    public init(root: String, qemuImg: String = "/usr/bin/qemu-img", genisoimage: String = ConfigDriveImage.defaultTool) {
        self.root = InstancePaths(root: root, serverId: "").root
        cache = ImageCache(root: root, qemuImg: qemuImg)
        self.qemuImg = CommandRunner(executable: qemuImg)
        drives = ConfigDriveImage(tool: genisoimage)
    }

    /// The paths of server `serverId`'s files.
    public func paths(_ serverId: String) -> InstancePaths { InstancePaths(root: root, serverId: serverId) }

    /// The (lowercase) server ids that have a directory here.
    public func instances() -> Set<String> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return Set(names.filter { GuestInterface.isUUID($0) }.map { $0.lowercased() })
    }

    /// The digests of the images the guests here are laid over, in use until their directory goes.
    public func imagesInUse() -> Set<String> {
        Set(instances().compactMap { id in
            (try? String(contentsOfFile: "\(paths(id).directory)/\(Self.imageRecord)", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
        })
    }

    /// Lays out server `serverId`'s files: its root disk, a qcow2 overlay of the cached image
    /// `base` sized to the flavor's disk, and its config drive. Files already there are kept,
    /// so a pass after a crash finishes the layout.
    /// - Throws: `host.command_failed` from `qemu-img` or `genisoimage`, `host.instance_layout_failed`.
    public func layOut(_ serverId: String, storage: GuestStorage, base: String?) throws {
        let paths = paths(serverId)
        try FileManager.default.createDirectory(atPath: paths.directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        chmod(root, 0o755)  // QEMU runs as its own user and must reach the files
        if let image = storage.image, let base, !FileManager.default.fileExists(atPath: paths.disk) {
            try Data((image.sha512 + "\n").utf8).write(to: URL(fileURLWithPath: "\(paths.directory)/\(Self.imageRecord)"))
            let partial = paths.disk + ".partial"
            try? FileManager.default.removeItem(atPath: partial)
            var arguments = ["create", "-q", "-f", "qcow2", "-b", base, "-F", image.diskFormat, partial]
            if storage.diskGB > 0 { arguments.append("\(storage.diskGB)G") }
            try qemuImg.run(arguments)
            try place(partial, at: paths.disk)
        }
        if let files = storage.configDrive, !FileManager.default.fileExists(atPath: paths.configDrive) {
            try drives.build(files: files, at: paths.configDrive)
        }
    }

    /// Removes server `serverId`'s directory and everything in it; nothing to do when it is absent.
    public func remove(_ serverId: String) throws {
        let directory = paths(serverId).directory
        guard FileManager.default.fileExists(atPath: directory) else { return }
        try FileManager.default.removeItem(atPath: directory)
    }

    private func place(_ partial: String, at path: String) throws {
        guard rename(partial, path) == 0 else {
            throw PatchbayError(code: "host.instance_layout_failed", type: "InstanceLayoutFailed", category: .internalError,
                                message: "cannot move \(partial) into place at \(path): errno \(errno)")
        }
    }
}
