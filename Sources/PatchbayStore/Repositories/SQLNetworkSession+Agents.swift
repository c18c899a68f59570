import PatchbayCore

extension SQLNetworkSession {
    func agents() async throws -> [AgentRecord] {
        let rows = try await db.raw("SELECT id, doc, heartbeat_at FROM agents ORDER BY host, agent_type").all()
        return try rows.map(decodeAgent)
    }

    func agents(host: String) async throws -> [AgentRecord] {
        let rows = try await db.raw("SELECT id, doc, heartbeat_at FROM agents WHERE host = \(bind: host) ORDER BY agent_type").all()
        return try rows.map(decodeAgent)
    }

    func agentHeartbeats() async throws -> [String: Int64] {
        let rows = try await db.raw("SELECT host, MAX(heartbeat_at) AS at FROM agents GROUP BY host").all()
        var latest: [String: Int64] = [:]
        for row in rows {
            latest[try row.decode(column: "host", as: String.self)] = Int64(try row.decode(column: "at", as: Int.self))
        }
        return latest
    }

    func agent(_ id: String) async throws -> AgentRecord? {
        guard let row = try await db.raw("SELECT id, doc, heartbeat_at FROM agents WHERE id = \(bind: id)").first() else { return nil }
        return try decodeAgent(row)
    }

    /// One statement per 400 agents (`UPDATE … FROM (SELECT … UNION ALL …)`, which both engines
    /// read alike), in id order.
    func recordHeartbeats(_ beats: [String: Int64]) async throws {
        let sorted = beats.sorted { $0.key < $1.key }
        for start in stride(from: 0, to: sorted.count, by: 400) {
            var query: SQLQueryString = "UPDATE agents SET heartbeat_at = beats.at FROM ("
            for (offset, (id, at)) in sorted[start..<min(start + 400, sorted.count)].enumerated() {
                query.append(offset == 0 ? "SELECT \(bind: id) AS id, \(bind: Int(at)) AS at" : " UNION ALL SELECT \(bind: id), \(bind: Int(at))")
            }
            query.append(") AS beats WHERE agents.id = beats.id AND agents.heartbeat_at < beats.at")
            try await db.raw(query).run()
        }
    }

    /// An agent's document with its latest heartbeat, which heartbeats write to their own column.
    private func decodeAgent(_ row: SQLRow) throws -> AgentRecord {
        var agent = try codec.decode(AgentRecord.self, row: row, table: "agents", cache: caches.agents)
        agent.heartbeatAt = max(agent.heartbeatAt, Int64(try row.decode(column: "heartbeat_at", as: Int.self)))
        return agent
    }

    func save(_ agent: AgentRecord) async throws {
        let doc = try codec.encode(agent)
        // The tunnel endpoint has a column of its own: changing it moves the peers' revisions.
        let tunnelingIP = agent.extraConfigurations["tunneling_ip"]?.stringValue ?? ""
        try await db.raw("""
            INSERT INTO agents (id, host, agent_type, tunneling_ip, heartbeat_at, doc)
            VALUES (\(bind: agent.id), \(bind: agent.host), \(bind: agent.agentType.rawValue), \(bind: tunnelingIP),
                    \(bind: Int(agent.heartbeatAt)), \(bind: doc))
            ON CONFLICT (id) DO UPDATE SET tunneling_ip = excluded.tunneling_ip, heartbeat_at = excluded.heartbeat_at,
                doc = excluded.doc
            """).run()
    }

    func deleteAgent(_ id: String) async throws {
        try await db.raw("DELETE FROM agents WHERE id = \(bind: id)").run()
        caches.agents.remove(id: id)
    }
}
