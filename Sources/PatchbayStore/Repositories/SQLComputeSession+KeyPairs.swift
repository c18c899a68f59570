import PatchbayCore

extension SQLComputeSession {
    func keyPairs(userId: String) async throws -> [KeyPair] {
        let rows = try await db.raw("SELECT name AS id, doc FROM key_pairs WHERE user_id = \(bind: userId) ORDER BY name").all()
        return try codec.decode(KeyPair.self, rows: rows, table: "key_pairs")
    }

    func keyPair(userId: String, name: String) async throws -> KeyPair? {
        guard let row = try await db.raw("""
            SELECT name AS id, doc FROM key_pairs WHERE user_id = \(bind: userId) AND name = \(bind: name)
            """).first() else { return nil }
        return try codec.decode(KeyPair.self, row: row, table: "key_pairs")
    }

    func insert(_ keyPair: KeyPair) async throws -> Bool {
        let rows = try await db.raw("""
            INSERT INTO key_pairs (user_id, name, doc) VALUES (\(bind: keyPair.userId), \(bind: keyPair.name), \(bind: try codec.encode(keyPair)))
            ON CONFLICT (user_id, name) DO NOTHING RETURNING name
            """).all()
        return !rows.isEmpty
    }

    func deleteKeyPair(userId: String, name: String) async throws -> Bool {
        !(try await db.raw("DELETE FROM key_pairs WHERE user_id = \(bind: userId) AND name = \(bind: name) RETURNING name").all()).isEmpty
    }
}
