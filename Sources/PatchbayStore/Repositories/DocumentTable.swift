import PatchbayCore

/// CRUD on a table of the shape `(id, name, [parent,] doc)`: the identity objects are small
/// documents looked up by id or by name (within a parent domain for projects and users).
struct DocumentTable<Document: Codable & Sendable> {
    let db: any SQLDatabase
    let table: String
    let hasParent: Bool
    let codec = DocumentCodec()

    func get(_ id: String) async throws -> Document? {
        guard let row = try await db.raw("SELECT id, doc FROM \(unsafeRaw: table) WHERE id = \(bind: id)").first() else { return nil }
        return try codec.decode(Document.self, row: row, table: table)
    }

    func all() async throws -> [Document] {
        try codec.decode(Document.self, rows: try await db.raw("SELECT id, doc FROM \(unsafeRaw: table) ORDER BY name, id").all(),
                         table: table)
    }

    func find(name: String, parent: String? = nil) async throws -> Document? {
        let query: SQLQueryString = if let parent, hasParent {
            "SELECT id, doc FROM \(unsafeRaw: table) WHERE name = \(bind: name) AND parent = \(bind: parent)"
        } else {
            "SELECT id, doc FROM \(unsafeRaw: table) WHERE name = \(bind: name) ORDER BY id"
        }
        guard let row = try await db.raw(query).first() else { return nil }
        return try codec.decode(Document.self, row: row, table: table)
    }

    /// Inserts or replaces; a name clash with another row is a `Conflict`.
    func save(_ document: Document, id: String, name: String, parent: String = "", kind: String) async throws {
        let doc = try codec.encode(document)
        do {
            if hasParent {
                try await db.raw("""
                    INSERT INTO \(unsafeRaw: table) (id, name, parent, doc) VALUES (\(bind: id), \(bind: name), \(bind: parent), \(bind: doc))
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, parent = excluded.parent, doc = excluded.doc
                    """).run()
            } else {
                try await db.raw("""
                    INSERT INTO \(unsafeRaw: table) (id, name, doc) VALUES (\(bind: id), \(bind: name), \(bind: doc))
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, doc = excluded.doc
                    """).run()
            }
        } catch {
            throw ConstraintMapper.map(error, [(table, PatchbayError.identityConflict(kind, "Duplicate entry found with name \(name)."))])
        }
    }

    func delete(_ id: String) async throws {
        try await db.raw("DELETE FROM \(unsafeRaw: table) WHERE id = \(bind: id)").run()
    }
}
