/// The versioned schema. Append new migrations; never edit an applied one.
enum Schema {
    static let migrations: [Migration] = [
        Migration(version: 1, name: "networking", statements: [
            """
            CREATE TABLE networks (id TEXT PRIMARY KEY, project_id TEXT NOT NULL, shared INTEGER NOT NULL,
                revision INTEGER NOT NULL, doc TEXT NOT NULL)
            """,
            "CREATE INDEX networks_project ON networks(project_id)",
            """
            CREATE TABLE segment_allocations (network_type TEXT NOT NULL, physical_network TEXT NOT NULL,
                segmentation_id INTEGER NOT NULL, network_id TEXT NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
                PRIMARY KEY (network_type, physical_network, segmentation_id))
            """,
            """
            CREATE TABLE subnets (id TEXT PRIMARY KEY, network_id TEXT NOT NULL REFERENCES networks(id),
                project_id TEXT NOT NULL, revision INTEGER NOT NULL, doc TEXT NOT NULL)
            """,
            "CREATE INDEX subnets_network ON subnets(network_id)",
            """
            CREATE TABLE ports (id TEXT PRIMARY KEY, network_id TEXT NOT NULL REFERENCES networks(id),
                project_id TEXT NOT NULL, mac_address TEXT NOT NULL, device_id TEXT NOT NULL, host_id TEXT NOT NULL,
                revision INTEGER NOT NULL, doc TEXT NOT NULL, UNIQUE (network_id, mac_address))
            """,
            "CREATE INDEX ports_project ON ports(project_id)",
            "CREATE INDEX ports_network ON ports(network_id)",
            "CREATE INDEX ports_host ON ports(host_id)",
            """
            CREATE TABLE ip_allocations (subnet_id TEXT NOT NULL REFERENCES subnets(id), ip_address TEXT NOT NULL,
                port_id TEXT NOT NULL REFERENCES ports(id) ON DELETE CASCADE, network_id TEXT NOT NULL,
                PRIMARY KEY (subnet_id, ip_address))
            """,
            "CREATE INDEX ip_allocations_port ON ip_allocations(port_id)",
            """
            CREATE TABLE agents (id TEXT PRIMARY KEY, host TEXT NOT NULL, agent_type TEXT NOT NULL, doc TEXT NOT NULL,
                UNIQUE (host, agent_type))
            """,
        ]),
        Migration(version: 2, name: "identity", statements: [
            "CREATE TABLE domains (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, doc TEXT NOT NULL)",
            """
            CREATE TABLE projects (id TEXT PRIMARY KEY, name TEXT NOT NULL, parent TEXT NOT NULL, doc TEXT NOT NULL,
                UNIQUE (parent, name))
            """,
            """
            CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL, parent TEXT NOT NULL, doc TEXT NOT NULL,
                UNIQUE (parent, name))
            """,
            "CREATE TABLE roles (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, doc TEXT NOT NULL)",
            """
            CREATE TABLE role_assignments (user_id TEXT NOT NULL, role_id TEXT NOT NULL, scope_type TEXT NOT NULL,
                scope_id TEXT NOT NULL, PRIMARY KEY (user_id, role_id, scope_type, scope_id))
            """,
            "CREATE INDEX role_assignments_scope ON role_assignments(scope_type, scope_id)",
            """
            CREATE TABLE tokens (hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, expires_at INTEGER NOT NULL,
                revoked INTEGER NOT NULL, doc TEXT NOT NULL)
            """,
            "CREATE INDEX tokens_user ON tokens(user_id)",
        ]),
        Migration(version: 3, name: "external networks are visible to every project", statements: [
            "ALTER TABLE networks ADD COLUMN external INTEGER NOT NULL DEFAULT 0",
        ]),
        Migration(version: 4, name: "compute and PCI inventory", statements: [
            "CREATE TABLE flavors (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, doc TEXT NOT NULL)",
            // generation: compare-and-swap guard for every inventory change of the host.
            "CREATE TABLE compute_hosts (name TEXT PRIMARY KEY, generation INTEGER NOT NULL, doc TEXT NOT NULL)",
            """
            CREATE TABLE pci_devices (host TEXT NOT NULL REFERENCES compute_hosts(name), address TEXT NOT NULL,
                state TEXT NOT NULL, server_id TEXT, doc TEXT NOT NULL, PRIMARY KEY (host, address))
            """,
            "CREATE INDEX pci_devices_server ON pci_devices(server_id)",
            """
            CREATE TABLE servers (id TEXT PRIMARY KEY, project_id TEXT NOT NULL, host TEXT, status TEXT NOT NULL,
                doc TEXT NOT NULL)
            """,
            "CREATE INDEX servers_project ON servers(project_id)",
        ]),
        Migration(version: 5, name: "server lifecycle: revisions, claimed RAM and VCPUs, vm and task states", statements: [
            // revision: compare-and-swap guard of every lifecycle transition.
            "ALTER TABLE servers ADD COLUMN revision INTEGER NOT NULL DEFAULT 1",
            // What the server holds on its host, summed by the claim inside the host's transaction.
            "ALTER TABLE servers ADD COLUMN ram_mb INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE servers ADD COLUMN vcpus INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE servers ADD COLUMN task_state TEXT",
            "CREATE INDEX servers_host ON servers(host)",
            "CREATE INDEX ports_device ON ports(device_id)",
            """
            UPDATE servers SET doc = json_set(json_remove(doc, '$.status'), '$.vmState',
                CASE json_extract(doc, '$.status') WHEN 'ACTIVE' THEN 'active' WHEN 'ERROR' THEN 'error' ELSE 'building' END)
            """,
            """
            UPDATE servers SET doc = json_set(doc, '$.taskState', 'scheduling')
            WHERE json_extract(doc, '$.vmState') = 'building' AND json_extract(doc, '$.taskState') IS NULL
            """,
            """
            UPDATE servers SET revision = COALESCE(json_extract(doc, '$.audit.revisionNumber'), 1),
                task_state = json_extract(doc, '$.taskState'),
                ram_mb = CASE WHEN host IS NULL THEN 0 ELSE json_extract(doc, '$.flavor.ramMB') END,
                vcpus = CASE WHEN host IS NULL THEN 0 ELSE json_extract(doc, '$.flavor.vcpus') END,
                status = json_extract(doc, '$.vmState')
            """,
        ], postgres: [
            // No PostgreSQL database predates this step, so it has no rows to carry over.
            "ALTER TABLE servers ADD COLUMN revision BIGINT NOT NULL DEFAULT 1",
            "ALTER TABLE servers ADD COLUMN ram_mb BIGINT NOT NULL DEFAULT 0",
            "ALTER TABLE servers ADD COLUMN vcpus BIGINT NOT NULL DEFAULT 0",
            "ALTER TABLE servers ADD COLUMN task_state TEXT",
            "CREATE INDEX servers_host ON servers(host)",
            "CREATE INDEX ports_device ON ports(device_id)",
        ]),
        hostRevisions,
        images,
        consoleLogs,
        taps,
    ]
}
