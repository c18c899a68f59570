import Logging
import PatchbayCore
import PatchbayStore

/// Glance's semantics over the image repository and the image files. It never sees HTTP: the
/// controllers hand it parsed bodies and byte streams. Every write is one repository
/// transaction that compares and swaps on the image's revision.
public struct ImageService: Sendable {
    let repository: any ImageRepository
    /// This database's image files.
    public let files: ImageFileStore
    let consumers: any ImageConsumers
    let clock: any WallClock
    let uploads = UploadsInFlight()
    let logger: Logger
    /// How many times a write whose compare-and-swap lost to a concurrent one runs again.
    static let writeAttempts = 8

    /// Opens the service on `directory` (this database's files go in a subdirectory named by
    /// the database's image store id) and recovers what a previous run left unfinished.
    /// `soleServer` says no other server uses the database (SQLite), so every `saving` image and
    /// temporary file is a leftover.
    public static func open(repository: any ImageRepository, directory: String, soleServer: Bool,
                            consumers: any ImageConsumers, clock: any WallClock, logger: Logger) async throws -> ImageService {
        let storeId = try await repository.read { try await $0.storeId() }
        let service = ImageService(repository: repository, files: try ImageFileStore(directory: directory, storeId: storeId),
                                   consumers: consumers, clock: clock, logger: logger)
        try await service.recover(soleServer: soleServer)
        return service
    }

    /// The image `id` as `caller` may see it (404 otherwise), an abandoned upload shown as
    /// `queued`. A per-host agent credential sees exactly the images of the servers placed on
    /// its host; admins and services see every image. Compute reads images through this.
    public func image(_ id: String, caller: Caller) async throws -> Image {
        guard let stored = try await repository.read({ try await $0.image(id) }) else { throw PatchbayError.imageNotFound(id) }
        let image = settled(stored)
        if let host = caller.host {
            guard try await consumers.host(host, runsServerFrom: id) else { throw PatchbayError.imageNotFound(id) }
            return image
        }
        guard ImagePolicy.canSee(caller, image) else { throw PatchbayError.imageNotFound(id) }
        return image
    }

    /// An image as callers see it (see ``PatchbayCore/Image/settled(now:instance:inFlight:)``).
    func settled(_ image: Image) -> Image {
        image.settled(now: clock.now(), instance: uploads.instance, inFlight: uploads.contains(image.id))
    }

    /// Runs `change` on the current row of `id` and stores its result (revision bumped) if the
    /// row did not move meanwhile; reads again and retries when it did. `change` returns nil to
    /// store nothing. Returns what was stored, or nil.
    func modify(_ id: String, missing: PatchbayError, _ change: @Sendable (Image) throws -> Image?) async throws -> Image? {
        for _ in 0..<Self.writeAttempts {
            let outcome: (stored: Bool, image: Image?) = try await repository.write { session in
                guard let current = try await session.image(id) else { throw missing }
                guard var next = try change(current) else { return (true, nil) }
                next.audit = current.audit.bumped(at: clock.now())
                return (try await session.update(next, expectedRevision: current.audit.revisionNumber), next)
            }
            if outcome.stored { return outcome.image }
        }
        throw PatchbayError.contention(attempts: Self.writeAttempts)
    }
}
