/// What an upload request declares about its body, to check the bytes against.
public struct UploadExpectation: Sendable, Equatable {
    /// The size in bytes (`x-openstack-image-size`, else `Content-Length`); nil when undeclared.
    public var size: Int64?
    /// The MD5, lower-case hex, the client computed (`Content-MD5`); nil when not sent.
    public var md5: String?

    /// An expectation of `size` bytes with digest `md5`.
    public init(size: Int64? = nil, md5: String? = nil) {
        self.size = size
        self.md5 = md5
    }
}

