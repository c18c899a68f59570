/// Where a host keeps a guest's files, under its agent's instances directory (`instances_path`,
/// as Nova's): `<root>/<server id>/disk` (the qcow2 root disk), `disk.config` (the config drive)
/// and `console.log` (the serial console), and the shared image cache `<root>/_base/<sha512>`.
/// The agent creates and removes all of them; libvirt only opens them.
public struct InstancePaths: Sendable, Hashable {
    /// The instances directory.
    public var root: String
    /// The server id (lowercase), which names its directory.
    public var serverId: String

    /// The name of the image cache directory under the root.
    public static let cacheName = "_base"

    /// The paths of one server's files under `root`.
    public init(root: String, serverId: String) {
        self.root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
        self.serverId = serverId.lowercased()
    }

    /// The server's directory.
    public var directory: String { "\(root)/\(serverId)" }
    /// The root disk, a qcow2 overlay of the cached image.
    public var disk: String { "\(directory)/disk" }
    /// The config drive volume.
    public var configDrive: String { "\(directory)/disk.config" }
    /// The serial console's log.
    public var consoleLog: String { "\(directory)/console.log" }

    /// The image cache directory under `root`.
    public static func cache(root: String) -> String { "\(InstancePaths(root: root, serverId: "").root)/\(cacheName)" }

    /// The cached copy of the image with hex SHA-512 `sha512`.
    public static func cachedImage(root: String, sha512: String) -> String { "\(cache(root: root))/\(sha512.lowercased())" }
}
