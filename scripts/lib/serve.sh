# Shared by the test scripts: start `patchbay serve` on a free loopback port and wait for it,
# and read JSON fields.
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

# Prints the field at a dotted path (`port.binding:vif_details.vlan`, list indexes as numbers)
# of the JSON on stdin; strings bare, anything else as JSON. Uses $PY (the venv's python).
json_get() {
    "$PY" -c '
import json, sys
value = json.load(sys.stdin)
for part in sys.argv[1].split("."):
    value = value[int(part)] if isinstance(value, list) else value[part]
print(value if isinstance(value, str) else json.dumps(value))
' "$1"
}
