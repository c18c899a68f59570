import PatchbayCore

extension SQLIdentitySession {
    func assignments(userId: String?, scope: Scope?) async throws -> [RoleAssignment] {
        let rows = try await db.raw("SELECT user_id, role_id, scope_type, scope_id FROM role_assignments ORDER BY user_id, role_id").all()
        return try rows.compactMap { row -> RoleAssignment? in
            let type = try row.decode(column: "scope_type", as: String.self)
            let id = try row.decode(column: "scope_id", as: String.self)
            let assignment = RoleAssignment(userId: try row.decode(column: "user_id", as: String.self),
                                            roleId: try row.decode(column: "role_id", as: String.self),
                                            scope: type == "domain" ? .domain(id) : .project(id))
            if let userId, assignment.userId != userId { return nil }
            if let scope, assignment.scope != scope { return nil }
            return assignment
        }
    }

    func grant(_ assignment: RoleAssignment) async throws {
        let (type, id) = Self.columns(assignment.scope)
        try await db.raw("""
            INSERT INTO role_assignments (user_id, role_id, scope_type, scope_id)
            VALUES (\(bind: assignment.userId), \(bind: assignment.roleId), \(bind: type), \(bind: id))
            ON CONFLICT DO NOTHING
            """).run()
    }

    func revoke(_ assignment: RoleAssignment) async throws -> Bool {
        let (type, id) = Self.columns(assignment.scope)
        let existing = try await db.raw("""
            SELECT 1 AS hit FROM role_assignments WHERE user_id = \(bind: assignment.userId) AND role_id = \(bind: assignment.roleId)
            AND scope_type = \(bind: type) AND scope_id = \(bind: id)
            """).first()
        guard existing != nil else { return false }
        try await db.raw("""
            DELETE FROM role_assignments WHERE user_id = \(bind: assignment.userId) AND role_id = \(bind: assignment.roleId)
            AND scope_type = \(bind: type) AND scope_id = \(bind: id)
            """).run()
        return true
    }

    func token(hash: String) async throws -> TokenRecord? {
        guard let row = try await db.raw("SELECT hash AS id, doc FROM tokens WHERE hash = \(bind: hash)").first() else { return nil }
        return try codec.decode(TokenRecord.self, row: row, table: "tokens")
    }

    func save(_ token: TokenRecord) async throws {
        let doc = try codec.encode(token)
        try await db.raw("""
            INSERT INTO tokens (hash, user_id, expires_at, revoked, doc)
            VALUES (\(bind: token.hash), \(bind: token.userId), \(bind: token.expiresAt), \(bind: token.revoked ? 1 : 0), \(bind: doc))
            ON CONFLICT (hash) DO UPDATE SET revoked = excluded.revoked, doc = excluded.doc
            """).run()
    }

    func revokeTokens(userId: String) async throws -> [String] {
        let rows = try await db.raw("SELECT hash AS id, doc FROM tokens WHERE user_id = \(bind: userId) AND revoked = 0").all()
        var hashes: [String] = []
        for var token in try codec.decode(TokenRecord.self, rows: rows, table: "tokens") {
            token.revoked = true
            try await save(token)
            hashes.append(token.hash)
        }
        return hashes
    }

    func purgeTokens(expiredBefore now: Int64) async throws {
        try await db.raw("DELETE FROM tokens WHERE expires_at < \(bind: now)").run()
    }

    static func columns(_ scope: Scope) -> (String, String) {
        switch scope {
        case .project(let id): ("project", id)
        case .domain(let id): ("domain", id)
        case .unscoped: ("none", "")
        }
    }
}
