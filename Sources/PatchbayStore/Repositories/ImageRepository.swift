import PatchbayCore

/// Storage for Glance images: one row per image, its metadata as a document.
public protocol ImageRepository: Sendable {
    /// Runs `body` with a read-only view.
    func read<T: Sendable>(_ body: (any ImageSession) async throws -> T) async throws -> T
    /// Runs `body` in one serializable transaction.
    func write<T: Sendable>(_ body: (any ImageSession) async throws -> T) async throws -> T
}

/// The image operations available inside a session.
public protocol ImageSession {
    /// An image by id.
    func image(_ id: String) async throws -> Image?
    /// Every image (`project` nil), or those a project may see: its own, and every public or
    /// community one.
    func images(visibleTo project: String?) async throws -> [Image]
    /// The images whose status is `status`.
    func images(status: ImageStatus) async throws -> [Image]
    /// Inserts a new image; an id already taken is a 409.
    func insert(_ image: Image) async throws
    /// Replaces an image if its stored revision still equals `expectedRevision` (compare and
    /// swap); false when another writer moved it first or it is gone.
    func update(_ image: Image, expectedRevision: Int) async throws -> Bool
    /// Deletes an image; false when it was already gone.
    func delete(_ id: String) async throws -> Bool
    /// How many images hold the data whose SHA-512 is `sha512`.
    func references(toData sha512: String) async throws -> Int
    /// The SHA-512 of every image's data, once each.
    func referencedData() async throws -> Set<String>
    /// The id this database's image files are kept under (drawn once, by the migration).
    func storeId() async throws -> String
}
