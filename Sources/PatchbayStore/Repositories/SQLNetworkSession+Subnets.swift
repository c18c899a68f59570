import PatchbayCore

extension SQLNetworkSession {
    func subnet(_ id: String) async throws -> Subnet? {
        guard let row = try await db.raw("SELECT id, doc FROM subnets WHERE id = \(bind: id)").first() else { return nil }
        return try codec.decode(Subnet.self, row: row, table: "subnets", cache: caches.subnets)
    }

    func subnets(network networkId: String) async throws -> [Subnet] {
        let rows = try await db.raw("SELECT id, doc FROM subnets WHERE network_id = \(bind: networkId) ORDER BY id").all()
        return try codec.decode(Subnet.self, rows: rows, table: "subnets", cache: caches.subnets)
    }

    func subnets(_ visibility: Visibility) async throws -> [Subnet] {
        let rows: [SQLRow]
        switch visibility {
        case .all:
            rows = try await db.raw("SELECT id, doc FROM subnets ORDER BY id").all()
        case .project(let project):
            rows = try await db.raw("""
                SELECT s.id, s.doc FROM subnets s JOIN networks n ON n.id = s.network_id
                WHERE s.project_id = \(bind: project) OR n.shared = 1 ORDER BY s.id
                """).all()
        }
        return try codec.decode(Subnet.self, rows: rows, table: "subnets", cache: caches.subnets)
    }

    func insert(_ subnet: Subnet) async throws {
        let doc = try codec.encode(subnet)
        try await db.raw("""
            INSERT INTO subnets (id, network_id, project_id, revision, doc)
            VALUES (\(bind: subnet.id), \(bind: subnet.networkId), \(bind: subnet.projectId),
                    \(bind: subnet.audit.revisionNumber), \(bind: doc))
            """).run()
    }

    func update(_ subnet: Subnet) async throws {
        let doc = try codec.encode(subnet)
        try await db.raw("""
            UPDATE subnets SET revision = \(bind: subnet.audit.revisionNumber), doc = \(bind: doc) WHERE id = \(bind: subnet.id)
            """).run()
    }

    func deleteSubnet(_ id: String) async throws {
        try await db.raw("DELETE FROM subnets WHERE id = \(bind: id)").run()
    }

    func isAllocated(subnet subnetId: String, address: String) async throws -> Bool {
        try await db.raw("SELECT 1 AS hit FROM ip_allocations WHERE subnet_id = \(bind: subnetId) AND ip_address = \(bind: address)")
            .first() != nil
    }

    func allocatedAddresses(subnet subnetId: String) async throws -> Set<String> {
        let rows = try await db.raw("SELECT ip_address FROM ip_allocations WHERE subnet_id = \(bind: subnetId)").all()
        return Set(try rows.map { try $0.decode(column: "ip_address", as: String.self) })
    }
}
