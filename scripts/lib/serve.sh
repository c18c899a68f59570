# Shared by the test scripts: start `patchbay serve` on a free loopback port and wait for it.
# Source this file, then:  start_patchbay OUT_FILE ERR_FILE [serve arguments…]
# Sets SERVER_PID and PORT; returns non-zero (with WAIT_ERROR set) when the server exits early
# or prints no `listening on` line within 60 s. The caller's trap stops SERVER_PID.

start_patchbay() {
    local out=$1 err=$2
    shift 2
    "$PATCHBAY_BIN" serve --listen 127.0.0.1:0 "$@" >"$out" 2>"$err" </dev/null &
    SERVER_PID=$!
    PORT=""
    WAIT_ERROR=""
    local _
    for _ in $(seq 1 600); do
        PORT=$(sed -n 's|^listening on http://127\.0\.0\.1:\([0-9][0-9]*\).*|\1|p' "$out" | head -n 1)
        [[ -n "$PORT" ]] && return 0
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            WAIT_ERROR="patchbay serve exited early"
            return 1
        fi
        sleep 0.1
    done
    WAIT_ERROR="no 'listening on' line within 60 s"
    return 1
}
