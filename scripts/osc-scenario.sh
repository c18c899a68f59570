#!/usr/bin/env bash
# Acceptance scenario: the real OpenStack CLI (python-openstackclient) against `patchbay serve`.
#
# Creates (or reuses) a venv with the client under .build/osc-venv, starts the server on a free
# loopback port with a throw-away database, registers two NIC Switch agents, then drives the
# network/subnet/port commands an operator would type and checks the binding results; then a
# server's life through the compute API (booted with `server create --image` from an image the
# CLI uploads; stop, start, soft and hard reboot, add and remove a port, delete through the CLI),
# with `compute.wait_for_agent: false` so no host agent is needed.
# Prints "osc scenario: N passed, M failed" and exits non-zero when anything failed.
#
# With --install-client it only makes sure the client's venv exists (test.sh does this before the
# tests, so pip never shares the machine with them).
# Environment: PATCHBAY_BIN (default .build/debug/patchbay), OSC_VENV (default .build/osc-venv).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
# shellcheck source=lib/serve.sh
source "$ROOT/scripts/lib/serve.sh"

PATCHBAY_BIN=${PATCHBAY_BIN:-$ROOT/.build/debug/patchbay}
OSC_VENV=${OSC_VENV:-$ROOT/.build/osc-venv}
OSC_VERSION=10.5.0
PASSED=0
FAILED=0
SERVER_PID=""
WORK=$(mktemp -d "${TMPDIR:-/tmp}/patchbay-osc.XXXXXX")

cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null
        for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$SERVER_PID" 2>/dev/null
        wait "$SERVER_PID" 2>/dev/null
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf 'osc scenario: %s\n' "$*"; }
pass() { PASSED=$((PASSED + 1)); say "PASS $1"; }
fail() { FAILED=$((FAILED + 1)); say "FAIL $1${2:+: $2}"; }
summary() { printf 'osc scenario: %d passed, %d failed\n' "$PASSED" "$FAILED"; }
abort() {
    fail "$1" "${2:-}"
    bail
}
# Stops the scenario after a failure that later steps depend on (already recorded).
bail() {
    if [[ -f "$WORK/server.err" ]]; then say "server log (last 20 lines):"; tail -n 20 "$WORK/server.err"; fi
    summary
    exit 1
}

# --- the client -------------------------------------------------------------------------------
# Reuse the venv only when its client still runs (a moved or stale venv is rebuilt).
if ! "$OSC_VENV/bin/openstack" --version >/dev/null 2>&1; then
    say "installing python-openstackclient into $OSC_VENV"
    rm -rf "$OSC_VENV"
    if ! python3 -m venv "$OSC_VENV" >"$WORK/venv.log" 2>&1 \
        || ! "$OSC_VENV/bin/pip" install -q --disable-pip-version-check "python-openstackclient==$OSC_VERSION" openstacksdk==4.22.0 \
            >>"$WORK/venv.log" 2>&1; then
        cat "$WORK/venv.log"
        rm -rf "$OSC_VENV"
        abort "install python-openstackclient"
    fi
fi
[[ "${1:-}" == --install-client ]] && exit 0
PY="$OSC_VENV/bin/python"
[[ -x "$OSC_VENV/bin/openstack" ]] || abort "openstack CLI present" "$OSC_VENV/bin/openstack missing"

# --- the server -------------------------------------------------------------------------------
[[ -x "$PATCHBAY_BIN" ]] || abort "patchbay binary present" "$PATCHBAY_BIN is missing; run swift build first"
printf 'compute:\n  wait_for_agent: false\n' >"$WORK/patchbay.yaml"
start_patchbay "$WORK/server.out" "$WORK/server.err" --database "$WORK/patchbay.sqlite" --noauth --config "$WORK/patchbay.yaml" \
    || abort "server starts" "$WAIT_ERROR"
BASE="http://127.0.0.1:$PORT"
pass "server listening on $BASE"

# --- helpers ----------------------------------------------------------------------------------
# Keep any cloud settings of the caller's shell away from the client.
while IFS= read -r name; do unset "$name"; done < <(env | sed -n 's/^\(OS_[A-Za-z0-9_]*\)=.*/\1/p')

osc() {
    timeout 120 "$OSC_VENV/bin/openstack" --os-auth-type none --os-endpoint "$BASE/network" "$@" \
        2>>"$WORK/osc.err"
}

# Runs an openstack command; records a pass or a failure named $1 and keeps its output in $OUT.
step() {
    local name=$1; shift
    if OUT=$(osc "$@"); then
        pass "$name"
    else
        fail "$name" "openstack $* exited non-zero"
        tail -n 15 "$WORK/osc.err"
        return 1
    fi
}


# check NAME ACTUAL EXPECTED
check() {
    if [[ "$2" == "$3" ]]; then pass "$1 ($2)"; else fail "$1" "expected '$3', got '$2'"; fi
}

agent() {
    local host=$1 mappings=$2 body reply
    body=$(printf '{"agent": {"agent_type": "NIC Switch agent", "host": "%s", "configurations": {"device_mappings": %s}}}' \
        "$host" "$mappings")
    if reply=$(curl -sS -f -X POST -H 'Content-Type: application/json' -d "$body" "$BASE/patchbay/v1/agents/report"); then
        check "agent registered on $host" "$(json_get agent.host <<<"$reply")" "$host"
    else
        fail "agent registered on $host" "curl failed: $reply"
    fi
}

# --- the scenario -----------------------------------------------------------------------------
agent compute1 '{"physnet1": ["ens1f0"]}'
agent compute2 '{"physnet2": ["ens2f0"]}'

step "network create n1" network create n1 --provider-network-type vlan \
    --provider-physical-network physnet1 -f json || bail
SEGMENT=$(json_get provider:segmentation_id <<<"$OUT")
check "n1 provider:network_type" "$(json_get provider:network_type <<<"$OUT")" vlan
check "n1 provider:physical_network" "$(json_get provider:physical_network <<<"$OUT")" physnet1
if [[ "$SEGMENT" =~ ^[0-9]+$ ]] && ((SEGMENT >= 100 && SEGMENT <= 199)); then
    pass "n1 segmentation_id $SEGMENT in physnet1 range 100-199"
else
    fail "n1 segmentation_id in 100-199" "got '$SEGMENT'"
fi

step "subnet create s1" subnet create s1 --network n1 --subnet-range 10.0.0.0/24 -f json \
    && check "s1 cidr" "$(json_get cidr <<<"$OUT")" 10.0.0.0/24

step "port create p1" port create p1 --network n1 --vnic-type direct \
    --binding-profile pci_slot=0000:81:00.1 --binding-profile physical_network=physnet1 -f json \
    || bail
check "p1 vnic_type before binding" "$(json_get binding_vnic_type <<<"$OUT")" direct
check "p1 vif_type before binding" "$(json_get binding_vif_type <<<"$OUT")" unbound

step "port set p1 --host compute1" port set p1 --host compute1
if step "port show p1" port show p1 -f json; then
    check "p1 binding host" "$(json_get binding_host_id <<<"$OUT")" compute1
    check "p1 vif_type" "$(json_get binding_vif_type <<<"$OUT")" hw_veb
    check "p1 vif_details.vlan equals segmentation_id" "$(json_get binding_vif_details.vlan <<<"$OUT")" "$SEGMENT"
    check "p1 pci_slot kept" "$(json_get binding_profile.pci_slot <<<"$OUT")" 0000:81:00.1
fi

step "port create p2" port create p2 --network n1 --vnic-type direct \
    --binding-profile pci_slot=0000:81:00.2 --binding-profile physical_network=physnet1 -f json \
    || bail
P2=$(json_get id <<<"$OUT")
step "port set p2 --host compute2" port set p2 --host compute2
if step "port show p2" port show p2 -f json; then
    check "p2 vif_type" "$(json_get binding_vif_type <<<"$OUT")" binding_failed
fi
# The client drops attributes it does not know, so read the failure reason from the API itself.
if REPLY=$(curl -sS -f "$BASE/network/v2.0/ports/$P2"); then
    REASON=$(json_get "port.binding:failure_reason" <<<"$REPLY" 2>/dev/null || true)
    if [[ "$REASON" == *physnet1* && "$REASON" == *compute2* ]]; then
        pass "p2 binding:failure_reason names physnet1 and compute2"
    else
        fail "p2 binding:failure_reason names physnet1 and compute2" "got '$REASON'"
    fi
else
    fail "GET port p2 over HTTP" "curl failed"
fi

# --- a server's life through the compute API --------------------------------------------------
cat >"$WORK/clouds.yaml" <<EOF
clouds:
  patchbay:
    auth_type: none
    auth:
      endpoint: $BASE/network
    network_endpoint_override: $BASE/network
    compute_endpoint_override: $BASE/compute/v2.1
    image_endpoint_override: $BASE/image
EOF
export OS_CLIENT_CONFIG_FILE="$WORK/clouds.yaml"
nova() { timeout 120 "$OSC_VENV/bin/openstack" --os-cloud patchbay "$@" 2>>"$WORK/osc.err"; }
# Runs a compute command (as `step` does for networking).
nstep() {
    local name=$1; shift
    if OUT=$(nova "$@"); then pass "$name"; else fail "$name" "openstack $* exited non-zero"; tail -n 15 "$WORK/osc.err"; return 1; fi
}
# server_field SERVER FIELD: a field of GET /servers/{id} (empty when the server is gone).
server_field() { curl -sS -f "$BASE/compute/v2.1/servers/$1" 2>/dev/null | json_get "server.$2" 2>/dev/null; }
# interface_count SERVER: how many interfaces GET /servers/{id}/os-interface lists.
interface_count() { curl -sS "$BASE/compute/v2.1/servers/$1/os-interface" | json_get interfaceAttachments | "$PY" -c 'import json, sys; print(len(json.load(sys.stdin)))'; }
# expect_state NAME SERVER STATUS: polls (10 s at most) until the server shows STATUS with no task.
expect_state() {
    local status="" task=""
    for _ in $(seq 1 100); do
        status=$(server_field "$2" status)
        task=$(server_field "$2" OS-EXT-STS:task_state)
        [[ "$status" == "$3" && "$task" == null ]] && break
        sleep 0.1
    done
    check "$1" "$status/$task" "$3/null"
}
post() { curl -sS -f -X POST -H 'Content-Type: application/json' -d "$2" "$BASE$1" >/dev/null; }

# compute1's agent lays guests out under an instances directory (a boot from an image needs one).
if post /patchbay/v1/agents/report '{"agent": {"agent_type": "Linux bridge agent", "host": "compute1",
        "configurations": {"bridge_mappings": {"physnet1": "br-eth1"}}}}' \
    && post /patchbay/v1/agents/report '{"agent": {"agent_type": "Patchbay agent", "host": "compute1",
        "configurations": {"instances_path": "/var/lib/patchbay/instances"}}}' \
    && post /patchbay/v1/hosts/compute1/inventory '{"vcpus": 8, "memory_mb": 16384,
        "numa_cells": [{"id": 0, "socket": 0}], "pci_devices": []}'; then
    pass "compute1 reports its bridge agent and inventory"
else
    fail "compute1 reports its bridge agent and inventory" "curl failed"
fi
# The CLI's flavor create checks for an identity v3 endpoint first, so the flavor is created over HTTP.
if REPLY=$(curl -sS -f -X POST -H 'Content-Type: application/json' \
    -d '{"flavor": {"name": "f1", "ram": 512, "vcpus": 1, "disk": 1}}' "$BASE/compute/v2.1/flavors"); then
    FLAVOR=$(json_get flavor.id <<<"$REPLY")
    pass "flavor create f1"
else
    abort "flavor create f1" "curl failed"
fi
nstep "flavor list shows f1" flavor list -f value -c Name && check "flavor list names f1" "$OUT" f1
head -c 1048576 /dev/urandom >"$WORK/img1.raw"
nstep "image create img1 --file" image create img1 --file "$WORK/img1.raw" --disk-format raw --container-format bare -f json
check "img1 is active" "$(json_get status <<<"$OUT")" active
check "img1 checksum is the file's md5" "$(json_get checksum <<<"$OUT")" "$(md5sum "$WORK/img1.raw" | cut -d' ' -f1)"
if nstep "server create vm1 --image img1 --wait" server create vm1 --image img1 --flavor f1 --network n1 --wait -f json; then
    VM=$(json_get id <<<"$OUT")
else
    bail
fi
expect_state "vm1 builds ACTIVE" "$VM" ACTIVE
nstep "server stop vm1" server stop "$VM" && expect_state "vm1 stopped" "$VM" SHUTOFF
nstep "server start vm1" server start "$VM" && expect_state "vm1 started" "$VM" ACTIVE
nstep "server reboot --soft vm1" server reboot --soft "$VM" && expect_state "vm1 soft rebooted" "$VM" ACTIVE
nstep "server reboot --hard vm1" server reboot --hard "$VM" && expect_state "vm1 hard rebooted" "$VM" ACTIVE
if nova server start "$VM" >/dev/null; then
    fail "server start of an ACTIVE vm1 is refused" "it succeeded"
else
    pass "server start of an ACTIVE vm1 is refused"
fi
nstep "port create p3" port create p3 --network n1 -f json && P3=$(json_get id <<<"$OUT")
nstep "server add port vm1 p3" server add port "$VM" "$P3"
check "p3 bound to vm1's host" "$(nova port show "$P3" -f value -c binding_host_id)" compute1
check "vm1 has two interfaces" "$(interface_count "$VM")" 2
nstep "server remove port vm1 p3" server remove port "$VM" "$P3"
check "p3 released after remove" "$(nova port show "$P3" -f value -c device_id)" ""
check "vm1 has one interface" "$(interface_count "$VM")" 1
nstep "server delete vm1" server delete "$VM"
check "vm1 gone" "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/compute/v2.1/servers/$VM")" 404

if grep -q 'status=5[0-9][0-9]' "$WORK/server.err"; then
    fail "server answered without 5xx" "$(grep 'status=5[0-9][0-9]' "$WORK/server.err" | head -n 3)"
else
    pass "server answered without 5xx"
fi

summary
((FAILED == 0))
