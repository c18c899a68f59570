extension Schema {
    /// Step 6: a revision per host, moved by the database itself (triggers) whenever a write
    /// changes what that host's desired state is computed from: its ports, its servers, its
    /// compute host row, and, for ports on tunnel networks, the ports and tunnel endpoints of its
    /// peers. An agent's conditional poll then costs one indexed read, and a commit wakes only
    /// the polls of the hosts it touched.
    ///
    /// `ports.tunnel` is 1 for a port bound to a VXLAN segment; `agents.tunneling_ip` is the
    /// endpoint the agent reported and `agents.heartbeat_at` its last heartbeat (so liveness is
    /// read without decoding documents). The repositories write all three.
    static let hostRevisions = Migration(
        version: 6, name: "per-host desired-state revisions",
        statements: [
            "CREATE TABLE host_revisions (host TEXT PRIMARY KEY, revision INTEGER NOT NULL)",
            "ALTER TABLE ports ADD COLUMN tunnel INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE agents ADD COLUMN tunneling_ip TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE agents ADD COLUMN heartbeat_at INTEGER NOT NULL DEFAULT 0",
            "UPDATE agents SET heartbeat_at = COALESCE(json_extract(doc, '$.heartbeatAt'), 0)",
            """
            UPDATE ports SET tunnel = 1
            WHERE host_id <> '' AND json_extract(doc, '$.binding.boundSegment.networkType') = 'vxlan'
            """,
            "UPDATE agents SET tunneling_ip = COALESCE(json_extract(doc, '$.extraConfigurations.tunneling_ip'), '')",
            "INSERT INTO host_revisions (host, revision) SELECT name, 1 FROM compute_hosts",
            """
            CREATE TRIGGER ports_inserted_bump_hosts AFTER INSERT ON ports WHEN NEW.host_id <> '' BEGIN
                \(sqliteBump("""
                    SELECT NEW.host_id AS h UNION SELECT host_id FROM ports
                    WHERE NEW.tunnel = 1 AND network_id = NEW.network_id AND tunnel = 1 AND host_id <> ''
                    """));
            END
            """,
            """
            CREATE TRIGGER ports_updated_bump_hosts AFTER UPDATE ON ports
            WHEN OLD.host_id <> '' OR NEW.host_id <> '' BEGIN
                \(sqliteBump("""
                    SELECT OLD.host_id AS h UNION SELECT NEW.host_id UNION SELECT host_id FROM ports
                    WHERE (OLD.tunnel <> NEW.tunnel OR (NEW.tunnel = 1 AND OLD.host_id <> NEW.host_id))
                        AND network_id = NEW.network_id AND tunnel = 1 AND host_id <> ''
                    """));
            END
            """,
            """
            CREATE TRIGGER ports_deleted_bump_hosts AFTER DELETE ON ports WHEN OLD.host_id <> '' BEGIN
                \(sqliteBump("""
                    SELECT OLD.host_id AS h UNION SELECT host_id FROM ports
                    WHERE OLD.tunnel = 1 AND network_id = OLD.network_id AND tunnel = 1 AND host_id <> ''
                    """));
            END
            """,
            """
            CREATE TRIGGER servers_inserted_bump_hosts AFTER INSERT ON servers WHEN NEW.host IS NOT NULL BEGIN
                \(sqliteBump("SELECT NEW.host AS h"));
            END
            """,
            """
            CREATE TRIGGER servers_updated_bump_hosts AFTER UPDATE ON servers
            WHEN OLD.host IS NOT NULL OR NEW.host IS NOT NULL BEGIN
                \(sqliteBump("SELECT OLD.host AS h UNION SELECT NEW.host"));
            END
            """,
            """
            CREATE TRIGGER servers_deleted_bump_hosts AFTER DELETE ON servers WHEN OLD.host IS NOT NULL BEGIN
                \(sqliteBump("SELECT OLD.host AS h"));
            END
            """,
            """
            CREATE TRIGGER compute_hosts_inserted_bump_hosts AFTER INSERT ON compute_hosts BEGIN
                \(sqliteBump("SELECT NEW.name AS h"));
            END
            """,
            """
            CREATE TRIGGER agents_tunnel_bump_hosts AFTER UPDATE OF tunneling_ip ON agents
            WHEN OLD.tunneling_ip <> NEW.tunneling_ip BEGIN
                \(sqliteBump(tunnelPeers(of: "NEW.host")));
            END
            """,
            """
            CREATE TRIGGER agents_inserted_bump_hosts AFTER INSERT ON agents WHEN NEW.tunneling_ip <> '' BEGIN
                \(sqliteBump(tunnelPeers(of: "NEW.host")));
            END
            """,
        ],
        postgres: [
            "CREATE TABLE host_revisions (host TEXT PRIMARY KEY, revision BIGINT NOT NULL)",
            "ALTER TABLE ports ADD COLUMN tunnel BIGINT NOT NULL DEFAULT 0",
            "ALTER TABLE agents ADD COLUMN tunneling_ip TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE agents ADD COLUMN heartbeat_at BIGINT NOT NULL DEFAULT 0",
            """
            UPDATE agents SET heartbeat_at = COALESCE((doc::jsonb ->> 'heartbeatAt')::bigint, 0),
                tunneling_ip = COALESCE(doc::jsonb -> 'extraConfigurations' ->> 'tunneling_ip', '')
            """,
            """
            UPDATE ports SET tunnel = 1
            WHERE host_id <> '' AND doc::jsonb -> 'binding' -> 'boundSegment' ->> 'networkType' = 'vxlan'
            """,
            "INSERT INTO host_revisions (host, revision) SELECT name, 1 FROM compute_hosts",
            // Hosts in a fixed order, so two transactions bumping the same hosts cannot deadlock;
            // each bumped host is announced on the schema's channel when the transaction commits.
            """
            CREATE FUNCTION patchbay_bump_hosts(hosts TEXT[]) RETURNS void LANGUAGE plpgsql AS $$
            DECLARE bumped TEXT;
            BEGIN
                FOR bumped IN SELECT DISTINCT h FROM unnest(hosts) AS h WHERE h IS NOT NULL AND h <> '' ORDER BY 1 LOOP
                    INSERT INTO host_revisions (host, revision) VALUES (bumped, 1)
                        ON CONFLICT (host) DO UPDATE SET revision = host_revisions.revision + 1;
                    PERFORM pg_notify('patchbay_' || current_schema(), 'h:' || bumped);
                END LOOP;
            END $$
            """,
            """
            CREATE FUNCTION ports_bump_hosts() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                hosts TEXT[] := ARRAY[]::TEXT[];
                network TEXT;
                peers BOOLEAN;
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    hosts := ARRAY[NEW.host_id]; network := NEW.network_id; peers := NEW.tunnel = 1;
                ELSIF TG_OP = 'DELETE' THEN
                    hosts := ARRAY[OLD.host_id]; network := OLD.network_id; peers := OLD.tunnel = 1;
                ELSE
                    hosts := ARRAY[OLD.host_id, NEW.host_id]; network := NEW.network_id;
                    peers := OLD.tunnel <> NEW.tunnel OR (NEW.tunnel = 1 AND OLD.host_id <> NEW.host_id);
                END IF;
                IF peers THEN
                    hosts := hosts || ARRAY(SELECT host_id FROM ports
                        WHERE network_id = network AND tunnel = 1 AND host_id <> '');
                END IF;
                PERFORM patchbay_bump_hosts(hosts);
                RETURN NULL;
            END $$
            """,
            """
            CREATE TRIGGER ports_inserted_bump_hosts AFTER INSERT ON ports FOR EACH ROW
            WHEN (NEW.host_id <> '') EXECUTE FUNCTION ports_bump_hosts()
            """,
            """
            CREATE TRIGGER ports_updated_bump_hosts AFTER UPDATE ON ports FOR EACH ROW
            WHEN (OLD.host_id <> '' OR NEW.host_id <> '') EXECUTE FUNCTION ports_bump_hosts()
            """,
            """
            CREATE TRIGGER ports_deleted_bump_hosts AFTER DELETE ON ports FOR EACH ROW
            WHEN (OLD.host_id <> '') EXECUTE FUNCTION ports_bump_hosts()
            """,
            """
            CREATE FUNCTION servers_bump_hosts() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN PERFORM patchbay_bump_hosts(ARRAY[NEW.host]);
                ELSIF TG_OP = 'DELETE' THEN PERFORM patchbay_bump_hosts(ARRAY[OLD.host]);
                ELSE PERFORM patchbay_bump_hosts(ARRAY[OLD.host, NEW.host]);
                END IF;
                RETURN NULL;
            END $$
            """,
            """
            CREATE TRIGGER servers_inserted_bump_hosts AFTER INSERT ON servers FOR EACH ROW
            WHEN (NEW.host IS NOT NULL) EXECUTE FUNCTION servers_bump_hosts()
            """,
            """
            CREATE TRIGGER servers_updated_bump_hosts AFTER UPDATE ON servers FOR EACH ROW
            WHEN (OLD.host IS NOT NULL OR NEW.host IS NOT NULL) EXECUTE FUNCTION servers_bump_hosts()
            """,
            """
            CREATE TRIGGER servers_deleted_bump_hosts AFTER DELETE ON servers FOR EACH ROW
            WHEN (OLD.host IS NOT NULL) EXECUTE FUNCTION servers_bump_hosts()
            """,
            """
            CREATE FUNCTION compute_hosts_bump_hosts() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN PERFORM patchbay_bump_hosts(ARRAY[NEW.name]); RETURN NULL; END $$
            """,
            """
            CREATE TRIGGER compute_hosts_inserted_bump_hosts AFTER INSERT ON compute_hosts FOR EACH ROW
            EXECUTE FUNCTION compute_hosts_bump_hosts()
            """,
            """
            CREATE FUNCTION agents_bump_hosts() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM patchbay_bump_hosts(ARRAY(\(tunnelPeers(of: "NEW.host"))));
                RETURN NULL;
            END $$
            """,
            """
            CREATE TRIGGER agents_tunnel_bump_hosts AFTER UPDATE ON agents FOR EACH ROW
            WHEN (OLD.tunneling_ip <> NEW.tunneling_ip) EXECUTE FUNCTION agents_bump_hosts()
            """,
            """
            CREATE TRIGGER agents_inserted_bump_hosts AFTER INSERT ON agents FOR EACH ROW
            WHEN (NEW.tunneling_ip <> '') EXECUTE FUNCTION agents_bump_hosts()
            """,
        ])

    /// SQLite's statement bumping every host `hosts` (a `SELECT` of column `h`) yields.
    static func sqliteBump(_ hosts: String) -> String {
        """
        INSERT INTO host_revisions (host, revision) SELECT h, 1 FROM (\(hosts)) WHERE h IS NOT NULL AND h <> ''
                ON CONFLICT (host) DO UPDATE SET revision = revision + 1
        """
    }

    /// The hosts (column `h`) that share a tunnel network with `host` (an SQL expression): the
    /// hosts whose tunnel peers include it, and the host itself.
    private static func tunnelPeers(of host: String) -> String {
        """
        SELECT DISTINCT peer.host_id AS h FROM ports mine JOIN ports peer
            ON peer.network_id = mine.network_id AND peer.tunnel = 1 AND peer.host_id <> ''
        WHERE mine.host_id = \(host) AND mine.tunnel = 1
        """
    }
}
