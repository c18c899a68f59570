/// The claim of one server process on an image while it streams the image's data: which process
/// (`holder`, an id each process draws at start) and until when the claim holds unless renewed.
public struct UploadLease: Sendable, Codable, Equatable {
    /// The id of the server process that runs the upload.
    public var holder: String
    /// Unix seconds after which the claim is void unless renewed.
    public var expiresAt: Int64

    /// A claim of `holder` until `expiresAt`.
    public init(holder: String, expiresAt: Int64) {
        self.holder = holder
        self.expiresAt = expiresAt
    }

    /// How long a claim holds without being renewed; an uploading process renews it at a third
    /// of that, so only a process that died (or stalled that long) loses it.
    public static let duration: Int64 = 60
}

extension Image {
    /// Whether the image is `saving` for an upload nobody runs any more: one of this process
    /// (`instance`) that is not in flight (the process restarted, or the request ended without
    /// settling the row), or one of another process whose claim ran out.
    public func uploadIsAbandoned(now: Int64, instance: String, inFlight: Bool) -> Bool {
        guard status == .saving else { return false }
        guard let upload else { return true }
        return upload.holder == instance ? !inFlight : upload.expiresAt <= now
    }

    /// The image as callers see it: an abandoned upload counts as never started, so the image is
    /// `queued` again and may be uploaded anew.
    public func settled(now: Int64, instance: String, inFlight: Bool) -> Image {
        guard uploadIsAbandoned(now: now, instance: instance, inFlight: inFlight) else { return self }
        var image = self
        image.status = .queued
        image.upload = nil
        image.data = nil
        return image
    }
}
