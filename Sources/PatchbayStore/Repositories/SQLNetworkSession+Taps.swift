import PatchbayCore

extension SQLNetworkSession {
    /// The document of `table` with this id.
    private func tapDocument<T: Decodable & Sendable>(_ type: T.Type, _ table: String, id: String) async throws -> T? {
        guard let row = try await db.raw("SELECT id, doc FROM \(unsafeRaw: table) WHERE id = \(bind: id)").first() else { return nil }
        return try codec.decode(type, row: row, table: table)
    }

    /// The documents of `table` visible under `visibility` (a project sees its own rows only).
    private func tapDocuments<T: Decodable & Sendable>(_ type: T.Type, _ table: String, _ visibility: Visibility) async throws -> [T] {
        let rows = switch visibility {
        case .all: try await db.raw("SELECT id, doc FROM \(unsafeRaw: table) ORDER BY id").all()
        case .project(let project):
            try await db.raw("SELECT id, doc FROM \(unsafeRaw: table) WHERE project_id = \(bind: project) ORDER BY id").all()
        }
        return try codec.decode(type, rows: rows, table: table)
    }

    func tapService(_ id: String) async throws -> TapService? { try await tapDocument(TapService.self, "tap_services", id: id) }

    func tapServices(_ visibility: Visibility) async throws -> [TapService] {
        try await tapDocuments(TapService.self, "tap_services", visibility)
    }

    func insert(_ service: TapService) async throws {
        try await db.raw("""
            INSERT INTO tap_services (id, project_id, port_id, doc)
            VALUES (\(bind: service.id), \(bind: service.projectId), \(bind: service.portId), \(bind: try codec.encode(service)))
            """).run()
    }

    func update(_ service: TapService) async throws {
        try await db.raw("UPDATE tap_services SET doc = \(bind: try codec.encode(service)) WHERE id = \(bind: service.id)").run()
    }

    func deleteTapService(_ id: String) async throws {
        try await db.raw("DELETE FROM tap_flows WHERE tap_service_id = \(bind: id)").run()
        try await db.raw("DELETE FROM tap_services WHERE id = \(bind: id)").run()
    }

    func tapFlow(_ id: String) async throws -> TapFlow? { try await tapDocument(TapFlow.self, "tap_flows", id: id) }

    func tapFlows(_ visibility: Visibility) async throws -> [TapFlow] { try await tapDocuments(TapFlow.self, "tap_flows", visibility) }

    func tapFlows(host: String) async throws -> [TapFlow] {
        let rows = try await db.raw("""
            SELECT f.id, f.doc FROM tap_flows f JOIN ports p ON p.id = f.source_port WHERE p.host_id = \(bind: host)
            UNION SELECT f.id, f.doc FROM tap_flows f JOIN tap_services s ON s.id = f.tap_service_id
                JOIN ports p ON p.id = s.port_id WHERE p.host_id = \(bind: host)
            ORDER BY 1
            """).all()
        return try codec.decode(TapFlow.self, rows: rows, table: "tap_flows")
    }

    func insert(_ flow: TapFlow) async throws {
        try await db.raw("""
            INSERT INTO tap_flows (id, project_id, tap_service_id, source_port, doc)
            VALUES (\(bind: flow.id), \(bind: flow.projectId), \(bind: flow.tapServiceId), \(bind: flow.sourcePort),
                    \(bind: try codec.encode(flow)))
            """).run()
    }

    func update(_ flow: TapFlow) async throws {
        try await db.raw("UPDATE tap_flows SET doc = \(bind: try codec.encode(flow)) WHERE id = \(bind: flow.id)").run()
    }

    func deleteTapFlow(_ id: String) async throws {
        try await db.raw("DELETE FROM tap_flows WHERE id = \(bind: id)").run()
    }

    func tapCounts(project: String) async throws -> (services: Int, flows: Int) {
        let services = try await db.raw("SELECT COUNT(*) AS n FROM tap_services WHERE project_id = \(bind: project)").first()
        let flows = try await db.raw("SELECT COUNT(*) AS n FROM tap_flows WHERE project_id = \(bind: project)").first()
        return (try services?.decode(column: "n", as: Int.self) ?? 0, try flows?.decode(column: "n", as: Int.self) ?? 0)
    }

    /// Port delete's cascade (Neutron's PRECOMMIT_DELETE callback): the flows mirroring the
    /// port, then the services delivering to it with their flows.
    func deleteTaps(ofPort id: String) async throws {
        try await db.raw("""
            DELETE FROM tap_flows WHERE source_port = \(bind: id)
                OR tap_service_id IN (SELECT id FROM tap_services WHERE port_id = \(bind: id))
            """).run()
        try await db.raw("DELETE FROM tap_services WHERE port_id = \(bind: id)").run()
    }
}
