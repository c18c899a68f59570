import PatchbayCore

extension SQLNetworkSession {
    func port(_ id: String) async throws -> Port? {
        guard let row = try await db.raw("SELECT id, doc FROM ports WHERE id = \(bind: id)").first() else { return nil }
        return try codec.decode(Port.self, row: row, table: "ports", cache: caches.ports)
    }

    func ports(network networkId: String) async throws -> [Port] {
        let rows = try await db.raw("SELECT id, doc FROM ports WHERE network_id = \(bind: networkId) ORDER BY id").all()
        return try codec.decode(Port.self, rows: rows, table: "ports", cache: caches.ports)
    }

    func ports(host: String) async throws -> [Port] {
        let rows = try await db.raw("SELECT id, doc FROM ports WHERE host_id = \(bind: host) ORDER BY id").all()
        return try codec.decode(Port.self, rows: rows, table: "ports", cache: caches.ports)
    }

    func ports(device deviceId: String) async throws -> [Port] {
        let rows = try await db.raw("SELECT id, doc FROM ports WHERE device_id = \(bind: deviceId) ORDER BY id").all()
        return try codec.decode(Port.self, rows: rows, table: "ports", cache: caches.ports)
    }

    func ports(_ visibility: Visibility) async throws -> [Port] {
        let rows: [SQLRow]
        switch visibility {
        case .all: rows = try await db.raw("SELECT id, doc FROM ports ORDER BY id").all()
        case .project(let project):
            // A network's owner sees every port on it, as Neutron's get_port policy allows.
            rows = try await db.raw("""
                SELECT id, doc FROM ports WHERE project_id = \(bind: project)
                OR network_id IN (SELECT id FROM networks WHERE project_id = \(bind: project)) ORDER BY id
                """).all()
        }
        return try codec.decode(Port.self, rows: rows, table: "ports", cache: caches.ports)
    }

    func macInUse(network networkId: String, mac: String) async throws -> Bool {
        try await db.raw("SELECT 1 AS hit FROM ports WHERE network_id = \(bind: networkId) AND mac_address = \(bind: mac)")
            .first() != nil
    }

    func insert(_ port: Port) async throws {
        let doc = try codec.encode(port)
        do {
            try await db.raw("""
                INSERT INTO ports (id, network_id, project_id, mac_address, device_id, host_id, tunnel, revision, doc)
                VALUES (\(bind: port.id), \(bind: port.networkId), \(bind: port.projectId), \(bind: port.macAddress),
                        \(bind: port.deviceId), \(bind: port.binding.hostId), \(bind: port.tunnelFlag),
                        \(bind: port.audit.revisionNumber), \(bind: doc))
                """).run()
            try await insertAllocations(of: port)
        } catch {
            throw portConflict(error, port)
        }
    }

    func update(_ port: Port, previousAddresses: [FixedIP]?) async throws {
        let doc = try codec.encode(port)
        do {
            try await db.raw("""
                UPDATE ports SET mac_address = \(bind: port.macAddress), device_id = \(bind: port.deviceId),
                    host_id = \(bind: port.binding.hostId), tunnel = \(bind: port.tunnelFlag), revision = \(bind: port.audit.revisionNumber), doc = \(bind: doc)
                WHERE id = \(bind: port.id)
                """).run()
            // Unchanged addresses are not rewritten: on PostgreSQL the rewrite's index scan would
            // make every concurrent create on the subnet a serialization conflict.
            guard previousAddresses != port.fixedIps else { return }
            try await db.raw("DELETE FROM ip_allocations WHERE port_id = \(bind: port.id)").run()
            try await insertAllocations(of: port)
        } catch {
            throw portConflict(error, port)
        }
    }

    func deletePort(_ id: String) async throws {
        try await deleteTaps(ofPort: id)
        try await db.raw("DELETE FROM ip_allocations WHERE port_id = \(bind: id)").run()
        try await db.raw("DELETE FROM ports WHERE id = \(bind: id)").run()
        caches.ports.remove(id: id)
    }

    private func insertAllocations(of port: Port) async throws {
        for fixed in port.fixedIps {
            try await db.raw("""
                INSERT INTO ip_allocations (subnet_id, ip_address, port_id, network_id)
                VALUES (\(bind: fixed.subnetId), \(bind: fixed.ipAddress), \(bind: port.id), \(bind: port.networkId))
                """).run()
        }
    }

    private func portConflict(_ error: any Error, _ port: Port) -> any Error {
        ConstraintMapper.map(error, [
            ("ports.network_id, ports.mac_address", PatchbayError(
                code: "port.mac_in_use", type: "MacAddressInUse", category: .conflict,
                message: "Unable to complete operation for network \(port.networkId). The mac address \(port.macAddress) is in use.")),
            ("ip_allocations", PatchbayError(
                code: "port.ip_already_allocated", type: "IpAddressAlreadyAllocated", category: .conflict,
                message: "An IP address requested for port \(port.id) was allocated concurrently; retry.")),
        ])
    }
}

extension Port {
    /// `ports.tunnel`: 1 when bound to a VXLAN segment, whose peers' desired states list this host.
    var tunnelFlag: Int { !binding.hostId.isEmpty && binding.boundSegment?.networkType == .vxlan ? 1 : 0 }
}
