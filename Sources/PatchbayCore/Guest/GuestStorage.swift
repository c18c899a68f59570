/// What a guest's host lays out before it defines the guest, under the guest's instance
/// directory: a root disk over a cached image, and a config drive. Fixed when the build
/// finishes (as Nova builds both at spawn) and handed to the agent with the guest.
public struct GuestStorage: Sendable, Hashable, Codable {
    /// The image the root disk is an overlay of; nil for a guest without a root disk.
    public var image: GuestImage?
    /// The root disk's size in GiB (the flavor's `disk`); 0 keeps the image's own size.
    public var diskGB: Int
    /// The config drive's files; nil when the guest has no config drive.
    public var configDrive: [DriveFile]?

    /// Creates a storage description.
    public init(image: GuestImage? = nil, diskGB: Int = 0, configDrive: [DriveFile]? = nil) {
        self.image = image
        self.diskGB = diskGB
        self.configDrive = configDrive
    }

    /// True when the host has nothing to lay out.
    public var isEmpty: Bool { image == nil && configDrive == nil }
}

/// The image a root disk is made from, as much of it as a host needs to fetch and check it.
public struct GuestImage: Sendable, Hashable, Codable {
    /// The image's id in the image service.
    public var id: String
    /// The hex SHA-512 of its data (`os_hash_value`), which names it in a host's cache.
    public var sha512: String
    /// Its size in bytes.
    public var size: Int
    /// Its `disk_format`: `raw` or `qcow2`.
    public var diskFormat: String

    /// Creates an image reference.
    public init(id: String, sha512: String, size: Int, diskFormat: String) {
        self.id = id
        self.sha512 = sha512.lowercased()
        self.size = size
        self.diskFormat = diskFormat
    }

    /// The disk formats a host can lay a root disk over.
    public static let diskFormats: Set<String> = ["raw", "qcow2"]

    /// True when `sha512` is 128 hex digits, so it is safe as a file name.
    public var hasValidDigest: Bool { Self.isDigest(sha512) }

    /// True for 128 lowercase hex digits: a SHA-512 as the cache names its files.
    public static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 128 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
