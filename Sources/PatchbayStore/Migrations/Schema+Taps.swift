extension Schema {
    /// Step 9: TaaS tap services and tap flows. The columns are what lookups, the per-project
    /// quota counts and the port-delete cascade read without decoding documents.
    ///
    /// A tap flow is in the desired state of its source port's host and of its service port's
    /// host, so the triggers move both hosts' revisions when a flow comes or goes, the other
    /// end's host when one of the two ports changes (its host, or its binding: a rebind on the
    /// same host can make a port bound), and the source hosts when the service host's tunnel
    /// endpoint is reported or changes. On PostgreSQL a port without taps reads only the tap
    /// tables (never `ports`), so port writes of untapped ports add no serializable read of
    /// `ports` that concurrent port writes would conflict with. A flow's status lives only in
    /// its document: reports move nothing.
    static let taps = Migration(
        version: 9, name: "tap services and tap flows",
        statements: tables + [
            """
            CREATE TRIGGER tap_flows_inserted_bump_hosts AFTER INSERT ON tap_flows BEGIN
                \(sqliteBump(flowHosts("NEW")));
            END
            """,
            """
            CREATE TRIGGER tap_flows_deleted_bump_hosts AFTER DELETE ON tap_flows BEGIN
                \(sqliteBump(flowHosts("OLD")));
            END
            """,
            """
            CREATE TRIGGER ports_changed_bump_tap_peers AFTER UPDATE ON ports
            WHEN OLD.host_id <> NEW.host_id OR OLD.doc <> NEW.doc BEGIN
                \(sqliteBump(tapPeers(of: "NEW.id")));
            END
            """,
            """
            CREATE TRIGGER agents_tunnel_bump_tap_sources AFTER UPDATE OF tunneling_ip ON agents
            WHEN OLD.tunneling_ip <> NEW.tunneling_ip BEGIN
                \(sqliteBump(tapSources(of: "NEW.host")));
            END
            """,
            """
            CREATE TRIGGER agents_inserted_bump_tap_sources AFTER INSERT ON agents WHEN NEW.tunneling_ip <> '' BEGIN
                \(sqliteBump(tapSources(of: "NEW.host")));
            END
            """,
        ],
        postgres: tables.map(Migration.postgresDDL) + [
            """
            CREATE FUNCTION tap_flows_bump_hosts() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN PERFORM patchbay_bump_hosts(ARRAY(\(flowHosts("NEW"))));
                ELSE PERFORM patchbay_bump_hosts(ARRAY(\(flowHosts("OLD"))));
                END IF;
                RETURN NULL;
            END $$
            """,
            "CREATE TRIGGER tap_flows_inserted_bump_hosts AFTER INSERT ON tap_flows FOR EACH ROW EXECUTE FUNCTION tap_flows_bump_hosts()",
            "CREATE TRIGGER tap_flows_deleted_bump_hosts AFTER DELETE ON tap_flows FOR EACH ROW EXECUTE FUNCTION tap_flows_bump_hosts()",
            """
            CREATE FUNCTION ports_bump_tap_peers() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF EXISTS (SELECT 1 FROM tap_flows WHERE source_port = NEW.id)
                    OR EXISTS (SELECT 1 FROM tap_services WHERE port_id = NEW.id) THEN
                    PERFORM patchbay_bump_hosts(ARRAY(\(tapPeers(of: "NEW.id"))));
                END IF;
                RETURN NULL;
            END $$
            """,
            """
            CREATE TRIGGER ports_changed_bump_tap_peers AFTER UPDATE ON ports FOR EACH ROW
            WHEN (OLD.host_id <> NEW.host_id OR OLD.doc <> NEW.doc) EXECUTE FUNCTION ports_bump_tap_peers()
            """,
            """
            CREATE FUNCTION agents_bump_tap_sources() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF EXISTS (SELECT 1 FROM tap_services) THEN
                    PERFORM patchbay_bump_hosts(ARRAY(\(tapSources(of: "NEW.host"))));
                END IF;
                RETURN NULL;
            END $$
            """,
            """
            CREATE TRIGGER agents_tunnel_bump_tap_sources AFTER UPDATE OF tunneling_ip ON agents FOR EACH ROW
            WHEN (OLD.tunneling_ip <> NEW.tunneling_ip) EXECUTE FUNCTION agents_bump_tap_sources()
            """,
            """
            CREATE TRIGGER agents_inserted_bump_tap_sources AFTER INSERT ON agents FOR EACH ROW
            WHEN (NEW.tunneling_ip <> '') EXECUTE FUNCTION agents_bump_tap_sources()
            """,
        ])

    private static let tables = [
        "CREATE TABLE tap_services (id TEXT PRIMARY KEY, project_id TEXT NOT NULL, port_id TEXT NOT NULL, doc TEXT NOT NULL)",
        "CREATE INDEX tap_services_project ON tap_services(project_id)",
        "CREATE INDEX tap_services_port ON tap_services(port_id)",
        """
        CREATE TABLE tap_flows (id TEXT PRIMARY KEY, project_id TEXT NOT NULL,
            tap_service_id TEXT NOT NULL REFERENCES tap_services(id), source_port TEXT NOT NULL, doc TEXT NOT NULL)
        """,
        "CREATE INDEX tap_flows_project ON tap_flows(project_id)",
        "CREATE INDEX tap_flows_service ON tap_flows(tap_service_id)",
        "CREATE INDEX tap_flows_source ON tap_flows(source_port)",
    ]

    /// The hosts (column `h`) of a flow row's source port and service port.
    private static func flowHosts(_ row: String) -> String {
        """
        SELECT host_id AS h FROM ports WHERE id = \(row).source_port
        UNION SELECT p.host_id FROM tap_services s JOIN ports p ON p.id = s.port_id WHERE s.id = \(row).tap_service_id
        """
    }

    /// The hosts at the other end of the flows port `port` is a source or service port of.
    private static func tapPeers(of port: String) -> String {
        """
        SELECT sp.host_id AS h FROM tap_flows f JOIN tap_services s ON s.id = f.tap_service_id
            JOIN ports sp ON sp.id = s.port_id WHERE f.source_port = \(port)
        UNION SELECT src.host_id FROM tap_services s JOIN tap_flows f ON f.tap_service_id = s.id
            JOIN ports src ON src.id = f.source_port WHERE s.port_id = \(port)
        """
    }

    /// The source hosts of the flows whose service port is on `host`.
    private static func tapSources(of host: String) -> String {
        """
        SELECT src.host_id AS h FROM ports sp JOIN tap_services s ON s.port_id = sp.id
            JOIN tap_flows f ON f.tap_service_id = s.id JOIN ports src ON src.id = f.source_port
        WHERE sp.host_id = \(host)
        """
    }
}
