import PatchbayCore

/// The SQL implementation of `ComputeRepository`.
public struct SQLComputeRepository: ComputeRepository {
    private let store: any SQLStore

    /// Creates a repository on an open store.
    public init(store: any SQLStore) { self.store = store }

    /// Runs `body` with a read-only view.
    public func read<T: Sendable>(_ body: (any ComputeSession) async throws -> T) async throws -> T {
        try await store.withSession { db in try await body(SQLComputeSession(db: db)) }
    }

    /// Runs `body` in one transaction at `isolation`.
    public func write<T: Sendable>(isolation: TransactionIsolation,
                                   _ body: (any ComputeSession) async throws -> T) async throws -> T {
        try await store.transaction(isolation: isolation) { db in try await body(SQLComputeSession(db: db)) }
    }
}

struct SQLComputeSession: ComputeSession {
    let db: any SQLDatabase
    let codec = DocumentCodec()
    var flavorTable: DocumentTable<Flavor> { DocumentTable(db: db, table: "flavors", hasParent: false) }

    func flavors() async throws -> [Flavor] { try await flavorTable.all() }
    func flavor(_ id: String) async throws -> Flavor? { try await flavorTable.get(id) }
    func save(_ flavor: Flavor) async throws { try await flavorTable.save(flavor, id: flavor.id, name: flavor.name, kind: "flavor") }
    func deleteFlavor(_ id: String) async throws { try await flavorTable.delete(id) }

    func hosts() async throws -> [(ComputeHost, Int)] {
        try await db.raw("SELECT name AS id, generation, doc FROM compute_hosts ORDER BY name").all().map { row in
            (try codec.decode(ComputeHost.self, row: row, table: "compute_hosts"), try row.decode(column: "generation", as: Int.self))
        }
    }

    func hostsFingerprint() async throws -> HostsFingerprint {
        let row = try await db.raw("SELECT COUNT(*) AS hosts, COALESCE(SUM(generation), 0) AS generations FROM compute_hosts").first()
        return HostsFingerprint(hosts: row?["hosts"].integer ?? 0, generations: row?["generations"].integer ?? 0)
    }

    func hostGenerations() async throws -> [String: Int] {
        var generations: [String: Int] = [:]
        for row in try await db.raw("SELECT name, generation FROM compute_hosts").all() {
            generations[try row.decode(column: "name", as: String.self)] = try row.decode(column: "generation", as: Int.self)
        }
        return generations
    }

    func host(_ name: String) async throws -> (ComputeHost, Int)? {
        guard let row = try await db.raw("SELECT name AS id, generation, doc FROM compute_hosts WHERE name = \(bind: name)").first()
        else { return nil }
        return (try codec.decode(ComputeHost.self, row: row, table: "compute_hosts"), try row.decode(column: "generation", as: Int.self))
    }

    func hostRevision(_ host: String) async throws -> Int? {
        try await db.raw("SELECT revision FROM host_revisions WHERE host = \(bind: host)").first()?
            .decode(column: "revision", as: Int.self)
    }

    func devices(host: String) async throws -> [DeviceRecord] {
        let rows = try await db.raw("SELECT address AS id, doc FROM pci_devices WHERE host = \(bind: host) ORDER BY address").all()
        return try codec.decode(DeviceRecord.self, rows: rows, table: "pci_devices")
    }

    func apply(_ change: InventoryChange, host: ComputeHost) async throws -> Bool {
        let doc = try codec.encode(host)
        if let (_, generation) = try await self.host(host.name) {
            guard generation == change.baseGeneration else { return false }
            try await db.raw("""
                UPDATE compute_hosts SET generation = \(bind: change.generation), doc = \(bind: doc)
                WHERE name = \(bind: host.name) AND generation = \(bind: change.baseGeneration)
                """).run()
        } else {
            guard change.baseGeneration == 0 else { return false }
            try await db.raw("INSERT INTO compute_hosts (name, generation, doc) VALUES (\(bind: host.name), \(bind: change.generation), \(bind: doc))").run()
        }
        for address in change.deleted {
            try await db.raw("DELETE FROM pci_devices WHERE host = \(bind: host.name) AND address = \(bind: address.description)").run()
        }
        for record in change.written {
            try await db.raw("""
                INSERT INTO pci_devices (host, address, state, server_id, doc)
                VALUES (\(bind: host.name), \(bind: record.address.description), \(bind: record.state.rawValue), \(bind: record.serverId),
                        \(bind: try codec.encode(record)))
                ON CONFLICT (host, address) DO UPDATE SET state = excluded.state, server_id = excluded.server_id, doc = excluded.doc
                """).run()
        }
        return true
    }

    func servers(projectId: String?) async throws -> [Server] {
        let rows = if let projectId {
            try await db.raw("SELECT id, doc FROM servers WHERE project_id = \(bind: projectId) ORDER BY id").all()
        } else {
            try await db.raw("SELECT id, doc FROM servers ORDER BY id").all()
        }
        return try codec.decode(Server.self, rows: rows, table: "servers")
    }

    func server(_ id: String) async throws -> Server? {
        guard let row = try await db.raw("SELECT id, doc FROM servers WHERE id = \(bind: id)").first() else { return nil }
        return try codec.decode(Server.self, row: row, table: "servers")
    }

    func servers(host: String) async throws -> [Server] {
        let rows = try await db.raw("SELECT id, doc FROM servers WHERE host = \(bind: host) ORDER BY id").all()
        return try codec.decode(Server.self, rows: rows, table: "servers")
    }

    func insert(_ server: Server) async throws {
        let held = server.host == nil ? ClaimedResources() : ClaimedResources(ramMB: server.flavor.ramMB, vcpus: server.flavor.vcpus)
        try await db.raw("""
            INSERT INTO servers (id, project_id, host, status, task_state, revision, ram_mb, vcpus, doc)
            VALUES (\(bind: server.id), \(bind: server.projectId), \(bind: server.host), \(bind: server.vmState.rawValue),
                    \(bind: server.taskState?.rawValue), \(bind: server.audit.revisionNumber), \(bind: held.ramMB),
                    \(bind: held.vcpus), \(bind: try codec.encode(server)))
            """).run()
    }

    func update(_ server: Server, expectedRevision: Int) async throws -> Bool {
        let held = server.host == nil ? ClaimedResources() : ClaimedResources(ramMB: server.flavor.ramMB, vcpus: server.flavor.vcpus)
        let rows = try await db.raw("""
            UPDATE servers SET host = \(bind: server.host), status = \(bind: server.vmState.rawValue),
                task_state = \(bind: server.taskState?.rawValue), revision = \(bind: server.audit.revisionNumber),
                ram_mb = \(bind: held.ramMB), vcpus = \(bind: held.vcpus), doc = \(bind: try codec.encode(server))
            WHERE id = \(bind: server.id) AND revision = \(bind: expectedRevision)
            RETURNING id
            """).all()
        return !rows.isEmpty
    }

    func claimedResources(host: String) async throws -> ClaimedResources {
        guard let row = try await db.raw("""
            SELECT COALESCE(SUM(ram_mb), 0) AS ram, COALESCE(SUM(vcpus), 0) AS cpus FROM servers WHERE host = \(bind: host)
            """).first() else { return ClaimedResources() }
        return ClaimedResources(ramMB: try row.decode(column: "ram", as: Int.self), vcpus: try row.decode(column: "cpus", as: Int.self))
    }

    func claimedResourcesByHost() async throws -> [String: ClaimedResources] {
        let rows = try await db.raw("""
            SELECT host, SUM(ram_mb) AS ram, SUM(vcpus) AS cpus FROM servers WHERE host IS NOT NULL GROUP BY host
            """).all()
        var result: [String: ClaimedResources] = [:]
        for row in rows {
            result[try row.decode(column: "host", as: String.self)] = ClaimedResources(
                ramMB: try row.decode(column: "ram", as: Int.self), vcpus: try row.decode(column: "cpus", as: Int.self))
        }
        return result
    }

    func deleteServer(_ id: String) async throws {
        try await db.raw("DELETE FROM servers WHERE id = \(bind: id)").run()
        try await db.raw("DELETE FROM console_logs WHERE server_id = \(bind: id)").run()
    }

    func saveConsole(_ id: String, output: String, at time: Int64) async throws {
        try await db.raw("""
            INSERT INTO console_logs (server_id, output, updated_at) VALUES (\(bind: id), \(bind: output), \(bind: Int(time)))
            ON CONFLICT (server_id) DO UPDATE SET output = excluded.output, updated_at = excluded.updated_at
            """).run()
    }

    func console(_ id: String) async throws -> String? {
        try await db.raw("SELECT output FROM console_logs WHERE server_id = \(bind: id)").first()?.decode(column: "output", as: String.self)
    }
}
