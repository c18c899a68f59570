# A throw-away PostgreSQL cluster on 127.0.0.1 for the tests, from Debian's postgresql package.
# pg_test_start installs the package when missing, makes a cluster in a new temporary directory
# (as the postgres user: initdb refuses root), starts it on a free port and exports
# PATCHBAY_TEST_POSTGRES; pg_test_stop stops that server by its PID and removes the cluster.
PG_TEST_DIR=""

pg_test_bin() { find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1; }

pg_test_start() {
    local bin port
    bin=$(pg_test_bin)
    if [ -z "$bin" ] || ! id postgres >/dev/null 2>&1; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql
        bin=$(pg_test_bin)
    fi
    PG_TEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/patchbay-pg.XXXXXX")
    chown postgres: "$PG_TEST_DIR"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    runuser -u postgres -- "$bin/initdb" -D "$PG_TEST_DIR/data" -U patchbay -A trust --locale=C -E UTF8 \
        >"$PG_TEST_DIR/initdb.log" 2>&1 || { cat "$PG_TEST_DIR/initdb.log"; return 1; }
    # Many test servers run at once, each with its own small pool.
    runuser -u postgres -- "$bin/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/server.log" -w -t 60 \
        -o "-h 127.0.0.1 -p $port -k $PG_TEST_DIR -c max_connections=600 -c shared_buffers=256MB" start >/dev/null \
        || { cat "$PG_TEST_DIR/server.log"; return 1; }
    runuser -u postgres -- "$bin/createdb" -h 127.0.0.1 -p "$port" -U patchbay patchbay
    export PATCHBAY_TEST_POSTGRES="postgresql://patchbay@127.0.0.1:$port/patchbay"
}

pg_test_stop() {
    [ -n "$PG_TEST_DIR" ] || return 0
    local pid
    pid=$(head -n 1 "$PG_TEST_DIR/data/postmaster.pid" 2>/dev/null || true)
    if [ -n "$pid" ]; then
        kill -INT "$pid" 2>/dev/null || true  # fast shutdown
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -rf "$PG_TEST_DIR"
    PG_TEST_DIR=""
}
