import PatchbayCore

extension SQLNetworkSession {
    func network(_ id: String) async throws -> Network? {
        guard let row = try await db.raw("SELECT id, doc FROM networks WHERE id = \(bind: id)").first() else { return nil }
        return try codec.decode(Network.self, row: row, table: "networks", cache: caches.networks)
    }

    func networks(_ visibility: Visibility) async throws -> [Network] {
        let rows: [SQLRow]
        switch visibility {
        case .all:
            rows = try await db.raw("SELECT id, doc FROM networks ORDER BY id").all()
        case .project(let project):
            rows = try await db.raw("""
                SELECT id, doc FROM networks WHERE project_id = \(bind: project) OR shared = 1 OR external = 1 ORDER BY id
                """).all()
        }
        return try codec.decode(Network.self, rows: rows, table: "networks", cache: caches.networks)
    }

    func insert(_ network: Network) async throws {
        let doc = try codec.encode(network)
        do {
            try await db.raw("""
                INSERT INTO networks (id, project_id, shared, external, revision, doc)
                VALUES (\(bind: network.id), \(bind: network.projectId), \(bind: network.shared ? 1 : 0),
                        \(bind: network.external ? 1 : 0), \(bind: network.audit.revisionNumber), \(bind: doc))
                """).run()
            for segment in network.segments {
                try await db.raw("""
                    INSERT INTO segment_allocations (network_type, physical_network, segmentation_id, network_id)
                    VALUES (\(bind: segment.networkType.rawValue), \(bind: segment.physicalNetwork ?? ""),
                            \(bind: segment.segmentationId ?? 0), \(bind: network.id))
                    """).run()
            }
        } catch {
            throw ConstraintMapper.map(error, [("segment_allocations", PatchbayError(
                code: "network.segment_in_use", type: "SegmentInUse", category: .conflict,
                message: "Unable to create the network: one of its segments was allocated concurrently; retry."))])
        }
    }

    func update(_ network: Network) async throws {
        let doc = try codec.encode(network)
        try await db.raw("""
            UPDATE networks SET shared = \(bind: network.shared ? 1 : 0), external = \(bind: network.external ? 1 : 0),
                revision = \(bind: network.audit.revisionNumber),
                doc = \(bind: doc) WHERE id = \(bind: network.id)
            """).run()
    }

    func deleteNetwork(_ id: String) async throws {
        try await db.raw("DELETE FROM segment_allocations WHERE network_id = \(bind: id)").run()
        try await db.raw("DELETE FROM networks WHERE id = \(bind: id)").run()
    }

    func allocatedSegments() async throws -> AllocatedSegments {
        let rows = try await db.raw("SELECT network_type, physical_network, segmentation_id FROM segment_allocations").all()
        var allocated = AllocatedSegments()
        for row in rows {
            let type = try row.decode(column: "network_type", as: String.self)
            let physnet = try row.decode(column: "physical_network", as: String.self)
            let id = try row.decode(column: "segmentation_id", as: Int.self)
            switch NetworkType(rawValue: type) {
            case .vlan: allocated.vlan[physnet, default: []].insert(id)
            case .vxlan: allocated.vxlan.insert(id)
            case .flat: allocated.flat.insert(physnet)
            case nil: continue
            }
        }
        return allocated
    }
}
