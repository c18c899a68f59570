/// A Glance image: its metadata, where its bytes stand and who may see it. Compute reads it
/// through `ImageService.image(_:caller:)` to boot servers from it.
public struct Image: Sendable, Codable, Equatable {
    /// The image's UUID.
    public var id: String
    /// The display name; nil when never set (Glance shows `null`).
    public var name: String?
    /// Where the image's data stands.
    public var status: ImageStatus
    /// Who may see it besides its owner.
    public var visibility: ImageVisibility
    /// The owning project.
    public var owner: String
    /// A protected image cannot be deleted.
    public var protected: Bool
    /// A hidden image is left out of lists unless they ask for hidden images (`os_hidden`).
    public var hidden = false
    /// `raw`, `qcow2`, …; nil until set (data cannot be uploaded before).
    public var diskFormat: String?
    /// `bare`, `ovf`, …; nil until set (data cannot be uploaded before).
    public var containerFormat: String?
    /// Disk the image needs to boot, in GiB.
    public var minDisk: Int
    /// Memory the image needs to boot, in MiB.
    public var minRAM: Int
    /// Free-form tags, unique, in the order first given.
    public var tags: [String]
    /// Every other attribute (`hw_vif_model`, `kernel_id`, …): Glance's extra properties.
    public var properties: [String: String]
    /// The stored bytes' size and digests, once an upload completed.
    public var data: ImageData?
    /// The upload under way, while the status is `saving`.
    public var upload: UploadLease?
    /// Creation and update times, and the revision every write compares and swaps on.
    public var audit: AuditStamp

    /// A new, `queued` image without data.
    public init(id: String, name: String? = nil, visibility: ImageVisibility = .private, owner: String,
                protected: Bool = false, diskFormat: String? = nil, containerFormat: String? = nil, minDisk: Int = 0,
                minRAM: Int = 0, tags: [String] = [], properties: [String: String] = [:], createdAt: Int64) {
        self.id = id
        self.name = name
        self.status = .queued
        self.visibility = visibility
        self.owner = owner
        self.protected = protected
        self.diskFormat = diskFormat
        self.containerFormat = containerFormat
        self.minDisk = minDisk
        self.minRAM = minRAM
        self.tags = tags
        self.properties = properties
        self.data = nil
        self.upload = nil
        self.audit = AuditStamp(createdAt: createdAt)
    }

    /// The size in bytes of the stored data; nil without data.
    public var size: Int64? { data?.size }
    /// The MD5 hex digest of the data (Glance's `checksum`); nil without data.
    public var checksum: String? { data?.md5 }
    /// The SHA-512 hex digest of the data (Glance's `os_hash_value`); nil without data.
    public var osHashValue: String? { data?.sha512 }
}

/// The state of an image's data (Glance's `status`, the subset Patchbay reaches).
public enum ImageStatus: String, Sendable, Codable, CaseIterable {
    /// Created; no data yet.
    case queued
    /// Data is being uploaded.
    case saving
    /// Data is stored and may be downloaded.
    case active

    /// Whether Glance allows the move from this status to `next`.
    public func allows(_ next: ImageStatus) -> Bool {
        switch (self, next) {
        case (.queued, .saving), (.queued, .active), (.saving, .active), (.saving, .queued): true
        default: false
        }
    }
}

/// Who may see an image (Glance's `visibility`).
public enum ImageVisibility: String, Sendable, Codable, CaseIterable {
    /// The owner only.
    case `private`
    /// Every project; setting it is for admins.
    case `public`
    /// The owner and its members (Patchbay has no members, so the owner only).
    case shared
    /// Every project may use it; lists show it only when asked for community images.
    case community
}

/// The stored bytes of an image: size and digests.
public struct ImageData: Sendable, Codable, Equatable {
    /// Size in bytes.
    public var size: Int64
    /// MD5, lower-case hex (Glance's `checksum`).
    public var md5: String
    /// SHA-512, lower-case hex (Glance's `os_hash_value`); it also names the stored file.
    public var sha512: String

    /// Data of `size` bytes with these digests.
    public init(size: Int64, md5: String, sha512: String) {
        self.size = size
        self.md5 = md5
        self.sha512 = sha512
    }

    /// The algorithm of ``sha512`` as Glance names it (`os_hash_algo`).
    public static let hashAlgorithm = "sha512"
}
