import PatchbayCore

/// The SQL implementation of `ImageRepository`.
public struct SQLImageRepository: ImageRepository {
    private let store: any SQLStore

    /// Creates a repository on an open store.
    public init(store: any SQLStore) { self.store = store }

    /// Runs `body` with a read-only view.
    public func read<T: Sendable>(_ body: (any ImageSession) async throws -> T) async throws -> T {
        try await store.withSession { db in try await body(SQLImageSession(db: db)) }
    }

    /// Runs `body` in one serializable transaction.
    public func write<T: Sendable>(_ body: (any ImageSession) async throws -> T) async throws -> T {
        try await store.transaction { db in try await body(SQLImageSession(db: db)) }
    }
}

struct SQLImageSession: ImageSession {
    let db: any SQLDatabase
    let codec = DocumentCodec()

    func image(_ id: String) async throws -> Image? {
        guard let row = try await db.raw("SELECT id, doc FROM images WHERE id = \(bind: id)").first() else { return nil }
        return try codec.decode(Image.self, row: row, table: "images")
    }

    func images(visibleTo project: String?) async throws -> [Image] {
        let rows = if let project {
            try await db.raw("""
                SELECT id, doc FROM images WHERE owner = \(bind: project) OR visibility IN ('public', 'community') ORDER BY id
                """).all()
        } else {
            try await db.raw("SELECT id, doc FROM images ORDER BY id").all()
        }
        return try codec.decode(Image.self, rows: rows, table: "images")
    }

    func images(status: ImageStatus) async throws -> [Image] {
        let rows = try await db.raw("SELECT id, doc FROM images WHERE status = \(bind: status.rawValue) ORDER BY id").all()
        return try codec.decode(Image.self, rows: rows, table: "images")
    }

    func insert(_ image: Image) async throws {
        let dataHash: String? = image.data?.sha512
        do {
            try await db.raw("""
                INSERT INTO images (id, owner, visibility, status, data_hash, revision, doc)
                VALUES (\(bind: image.id), \(bind: image.owner), \(bind: image.visibility.rawValue), \(bind: image.status.rawValue),
                        \(bind: dataHash), \(bind: image.audit.revisionNumber), \(bind: try codec.encode(image)))
                """).run()
        } catch {
            throw ConstraintMapper.map(error, [("images", PatchbayError(
                code: "image.duplicate_id", type: "HTTPConflict", category: .conflict,
                message: "Image with identifier \(image.id) already exists!"))])
        }
    }

    func update(_ image: Image, expectedRevision: Int) async throws -> Bool {
        let dataHash: String? = image.data?.sha512
        let rows = try await db.raw("""
            UPDATE images SET owner = \(bind: image.owner), visibility = \(bind: image.visibility.rawValue),
                status = \(bind: image.status.rawValue), data_hash = \(bind: dataHash),
                revision = \(bind: image.audit.revisionNumber), doc = \(bind: try codec.encode(image))
            WHERE id = \(bind: image.id) AND revision = \(bind: expectedRevision)
            RETURNING id
            """).all()
        return !rows.isEmpty
    }

    func delete(_ id: String) async throws -> Bool {
        !(try await db.raw("DELETE FROM images WHERE id = \(bind: id) RETURNING id").all()).isEmpty
    }

    func references(toData sha512: String) async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM images WHERE data_hash = \(bind: sha512)").first()?
            .decode(column: "n", as: Int.self) ?? 0
    }

    func referencedData() async throws -> Set<String> {
        let rows = try await db.raw("SELECT DISTINCT data_hash FROM images WHERE data_hash IS NOT NULL").all()
        return Set(try rows.map { try $0.decode(column: "data_hash", as: String.self) })
    }

    func storeId() async throws -> String {
        guard let row = try await db.raw("SELECT id FROM image_stores ORDER BY id LIMIT 1").first() else {
            throw PatchbayStoreError.corruptDocument(table: "image_stores", id: "(none)")
        }
        return try row.decode(column: "id", as: String.self)
    }
}
