#!/usr/bin/env bash
# Conformance run: OpenStack's own clients and tempest against `patchbay serve` with identity.
#
# 1. Creates (or reuses) a venv under .build/conformance-venv with python-openstackclient,
#    openstacksdk, tempest and neutron-tempest-plugin, and checks that every test id in the
#    committed include list exists in the installed tempest.
# 2. Starts the server on a free loopback port with a fresh database and a random admin password
#    (the server bootstraps admin/admin/Default and the roles on first start).
# 3. Writes clouds.yaml (cloud `patchbay`, password auth through the catalog) and a tempest
#    workspace whose tempest.conf lists exactly the extension aliases the server returns.
# 4. Runs the openstack CLI scenario (SR-IOV port bound on compute1 as hw_veb) with password auth,
#    then the image scenario (create --file, list, show, save and compare, set --property, delete)
#    and a whole boot with a real agent on qemu:///system (server create --image --wait, console
#    log show, server delete --wait).
# 5. Runs `tempest run --serial --include-list tests/tempest-include.txt`.
# Ends with the line `conformance: N passed, N failed, N skipped` (tempest tests plus CLI scenario
# checks) and exits non-zero when anything failed or errored.
#
# Environment:
#   PATCHBAY_BIN            server binary (default .build/debug/patchbay, built by scripts/test.sh)
#   CONFORMANCE_VENV        venv path (default .build/conformance-venv)
#   TEMPEST_INCLUDE_LIST    include list (default tests/tempest-include.txt)
#   TEMPEST_TIMEOUT         seconds for the whole tempest run (default 2400)
#   CONFORMANCE_KEEP_WORK=1 keep the temp directory (server log, tempest workspace) for debugging
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
ROOT=$(pwd)
# shellcheck source=lib/serve.sh
source "$ROOT/scripts/lib/serve.sh"

PATCHBAY_BIN=${PATCHBAY_BIN:-$ROOT/.build/debug/patchbay}
VENV=${CONFORMANCE_VENV:-$ROOT/.build/conformance-venv}
INCLUDE_LIST=${TEMPEST_INCLUDE_LIST:-$ROOT/tests/tempest-include.txt}
TEMPEST_TIMEOUT=${TEMPEST_TIMEOUT:-2400}
# The include list names test ids of these releases; a newer tempest renames and adds tests.
TEMPEST_VERSION=47.0.0
PLUGIN_VERSION=3.3.0
REGION=RegionOne
PHYSNET=physnet1

WORK=$(mktemp -d "${TMPDIR:-/tmp}/patchbay-conformance.XXXXXX")
SERVER_PID=""
SERVER_LOG="$WORK/server.log"
PASSED=0
FAILED=0
SKIPPED=0
CLI_PASSED=0
CLI_FAILED=0

AGENT_PID=""
BOOT_UPLINK=""
BOOT_NETNS=""

cleanup() {
    if [[ -n "$AGENT_PID" ]] && kill -0 "$AGENT_PID" 2>/dev/null; then
        kill "$AGENT_PID" 2>/dev/null
        for _ in $(seq 1 50); do kill -0 "$AGENT_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$AGENT_PID" 2>/dev/null
    fi
    if [[ -n "$BOOT_UPLINK" ]]; then
        # The agent's physnet bridge, which the uplink is enslaved to, goes with this run too.
        local bridge
        bridge=$(ip -o link show dev "$BOOT_UPLINK" 2>/dev/null | grep -o 'master pbr-[^ ]*' | cut -d' ' -f2)
        ip link del dev "$BOOT_UPLINK" 2>/dev/null
        [[ -n "$bridge" ]] && ip link del dev "$bridge" 2>/dev/null
    fi
    mountpoint -q "$WORK/bpf" 2>/dev/null && umount "$WORK/bpf"
    [[ -n "$BOOT_NETNS" ]] && ip netns del "$BOOT_NETNS" 2>/dev/null
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null
        for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$SERVER_PID" 2>/dev/null
        wait "$SERVER_PID" 2>/dev/null
    fi
    if [[ "${CONFORMANCE_KEEP_WORK:-}" == 1 ]]; then
        say "kept $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf 'conformance: %s\n' "$*"; }
summary() { printf 'conformance: %d passed, %d failed, %d skipped\n' "$PASSED" "$FAILED" "$SKIPPED"; }
server_log_tail() {
    if [[ -s "$SERVER_LOG" ]]; then
        say "server log (last 40 lines):"
        tail -n 40 "$SERVER_LOG"
    fi
}
# Stops the run after a set-up step failed: counts one failure, shows the server log, exits 1.
abort() {
    say "FAIL $1${2:+: $2}"
    FAILED=$((FAILED + 1))
    server_log_tail
    summary
    exit 1
}

# Keep any cloud or tempest settings of the caller's shell away from the clients.
while IFS= read -r name; do unset "$name"; done \
    < <(env | sed -n 's/^\(OS_[A-Za-z0-9_]*\|TEMPEST_CONFIG[A-Z_]*\)=.*/\1/p')

command -v python3 >/dev/null || abort "python3 present"
command -v curl >/dev/null || abort "curl present"
[[ -f "$INCLUDE_LIST" ]] || abort "include list present" "$INCLUDE_LIST is missing"
# Relative paths are taken from the repository root; the run itself happens in a temp workspace.
INCLUDE_LIST=$(realpath "$INCLUDE_LIST")
[[ -e "$PATCHBAY_BIN" ]] && PATCHBAY_BIN=$(realpath "$PATCHBAY_BIN")

# --- the venv -----------------------------------------------------------------------------------
venv_ready() {
    "$VENV/bin/python" - "$TEMPEST_VERSION" "$PLUGIN_VERSION" >/dev/null 2>&1 <<'EOF'
import sys
from importlib.metadata import version
import openstack, openstackclient, tempest, neutron_tempest_plugin  # noqa: F401
assert version("tempest") == sys.argv[1] and version("neutron-tempest-plugin") == sys.argv[2]
EOF
}
if ! venv_ready || [[ ! -x "$VENV/bin/openstack" || ! -x "$VENV/bin/tempest" ]]; then
    say "installing the clients and tempest into $VENV"
    rm -rf "$VENV"
    if ! python3 -m venv "$VENV" >"$WORK/venv.log" 2>&1 \
        || ! "$VENV/bin/pip" install -q --disable-pip-version-check python-openstackclient==10.5.0 openstacksdk==4.22.0 \
            "tempest==$TEMPEST_VERSION" "neutron-tempest-plugin==$PLUGIN_VERSION" >>"$WORK/venv.log" 2>&1 \
        || ! venv_ready; then
        tail -n 30 "$WORK/venv.log"
        rm -rf "$VENV"
        abort "venv with tempest $TEMPEST_VERSION and neutron-tempest-plugin $PLUGIN_VERSION"
    fi
fi
PY="$VENV/bin/python"
OPENSTACK="$VENV/bin/openstack"
TEMPEST="$VENV/bin/tempest"

# --- the tempest workspace, and the include list checked against it -----------------------------
WS="$WORK/tempest"
"$TEMPEST" init --workspace-path "$WORK/workspace.yaml" --name "patchbay-$$" "$WS" >"$WORK/init.log" 2>&1 \
    || { cat "$WORK/init.log"; abort "tempest init"; }
cd "$WS" || abort "tempest workspace"
LISTED=$(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$INCLUDE_LIST" | grep -c .)
"$TEMPEST" run --list-tests --include-list "$INCLUDE_LIST" 2>"$WORK/list.err" \
    | grep '^[a-z_]*\.' >"$WORK/listed-tests"
FOUND=$(wc -l <"$WORK/listed-tests")
if ((LISTED == 0 || FOUND != LISTED)); then
    tail -n 20 "$WORK/list.err"
    # Name the lines that match no test, or more than one.
    "$PY" - "$INCLUDE_LIST" "$WORK/listed-tests" <<'EOF'
import re, sys
tests = open(sys.argv[2]).read().split()
for line in open(sys.argv[1]):
    pattern = line.split("#")[0].strip()
    if pattern:
        hits = sum(1 for t in tests if re.search(pattern, t))
        if hits != 1:
            print("conformance: include list line matches %d tests: %s" % (hits, pattern))
EOF
    abort "include list" "$LISTED ids listed, $FOUND tests found in tempest $TEMPEST_VERSION"
fi
say "include list: $LISTED tests"

# --- the server ---------------------------------------------------------------------------------
[[ -x "$PATCHBAY_BIN" ]] || abort "patchbay binary present" "$PATCHBAY_BIN is missing; run scripts/test.sh first"
ADMIN_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_hex(24))')
# The built-in defaults, except a cheaper password hash: tempest creates ~80 users and issues
# ~240 tokens, and the debug build's scrypt at the production cost (15) would take minutes.
cat >"$WORK/patchbay.yaml" <<'YAML'
identity:
  password_hash_cost: 10
YAML
export PATCHBAY_ADMIN_PASSWORD="$ADMIN_PASSWORD"
start_patchbay "$WORK/server.out" "$SERVER_LOG" \
    --config "$WORK/patchbay.yaml" --database "$WORK/patchbay.sqlite" || abort "server starts" "$WAIT_ERROR"
BASE="http://127.0.0.1:$PORT"
AUTH_URL="$BASE/identity/v3"
say "server listening on $BASE"

# --- clouds.yaml and an admin token -------------------------------------------------------------
cat >"$WORK/clouds.yaml" <<EOF
clouds:
  patchbay:
    auth_type: password
    auth:
      auth_url: "$AUTH_URL"
      username: admin
      password: "$ADMIN_PASSWORD"
      project_name: admin
      user_domain_name: Default
      project_domain_name: Default
    region_name: $REGION
    identity_api_version: 3
    interface: public
EOF
export OS_CLIENT_CONFIG_FILE="$WORK/clouds.yaml"

osc() { timeout 120 "$OPENSTACK" --os-cloud patchbay "$@" 2>>"$WORK/osc.err"; }

TOKEN=$(osc token issue -f value -c id) || { tail -n 15 "$WORK/osc.err"; abort "openstack token issue (password auth)"; }
[[ -n "$TOKEN" ]] || abort "openstack token issue" "empty token"


EXTENSIONS_JSON=$(curl -sS -f -H "X-Auth-Token: $TOKEN" "$BASE/network/v2.0/extensions") \
    || abort "GET /network/v2.0/extensions with the admin token"
API_EXTENSIONS=$("$PY" -c '
import json, sys
print(",".join(e["alias"] for e in json.load(sys.stdin)["extensions"]))' <<<"$EXTENSIONS_JSON") \
    || abort "parse the extension list"
[[ -n "$API_EXTENSIONS" ]] || abort "extension list" "the server lists no extensions"
say "api_extensions = $API_EXTENSIONS"

# --- the openstack CLI scenario, password auth through the catalog -----------------------------
check() {
    if [[ "$2" == "$3" ]]; then
        CLI_PASSED=$((CLI_PASSED + 1)); say "PASS $1 ($2)"
    else
        CLI_FAILED=$((CLI_FAILED + 1)); say "FAIL $1: expected '$3', got '$2'"
    fi
}
# Runs an openstack command; records a pass or a failure named $1 and keeps its output in $OUT.
step() {
    local name=$1; shift
    if OUT=$(osc "$@"); then
        CLI_PASSED=$((CLI_PASSED + 1)); say "PASS $name"
    else
        CLI_FAILED=$((CLI_FAILED + 1)); say "FAIL $name: openstack $* exited non-zero"
        tail -n 15 "$WORK/osc.err"
        return 1
    fi
}

# agent HOST PHYSNET DEVICE: registers a NIC Switch agent through the Patchbay agent endpoint.
agent() {
    local body reply
    body=$(printf '{"agent": {"agent_type": "NIC Switch agent", "binary": "neutron-sriov-nic-agent", "host": "%s", "configurations": {"device_mappings": {"%s": ["%s"]}}, "start_flag": true}}' "$1" "$2" "$3")
    if reply=$(curl -sS -f -X POST -H 'Content-Type: application/json' -H "X-Auth-Token: $TOKEN" \
        -d "$body" "$BASE/patchbay/v1/agents/report" 2>&1); then
        check "agent registered on $1" "$(json_get agent.host <<<"$reply" 2>/dev/null)" "$1"
    else
        CLI_FAILED=$((CLI_FAILED + 1)); say "FAIL agent report for $1: $reply"
    fi
}

cli_scenario() {
    local segment
    step "network create (vlan, $PHYSNET)" network create conformance-n1 \
        --provider-network-type vlan --provider-physical-network "$PHYSNET" -f json || return
    segment=$(json_get provider:segmentation_id <<<"$OUT")
    check "network provider:network_type" "$(json_get provider:network_type <<<"$OUT")" vlan
    step "subnet create" subnet create conformance-s1 --network conformance-n1 \
        --subnet-range 10.0.0.0/24 -f json || return
    step "port create --vnic-type direct" port create conformance-p1 --network conformance-n1 \
        --vnic-type direct --binding-profile pci_slot=0000:81:00.1 \
        --binding-profile "physical_network=$PHYSNET" -f json || return
    # compute1 can bind the port; compute2 is a second agent for the agent tests.
    agent compute1 "$PHYSNET" ens1f0
    agent compute2 physnet2 ens2f0
    step "port set --host compute1" port set conformance-p1 --host compute1 || return
    step "port show" port show conformance-p1 -f json || return
    check "port binding_vif_type" "$(json_get binding_vif_type <<<"$OUT")" hw_veb
    check "port binding_vif_details.vlan == segmentation id" \
        "$(json_get binding_vif_details.vlan <<<"$OUT" 2>/dev/null)" "$segment"
    # Leave tempest a clean admin project (the agents stay: the agent tests need two).
    step "port delete" port delete conformance-p1
    step "network delete (with its subnet)" network delete conformance-n1
}
cli_scenario

# The image service through the catalog: upload a file, list, show, save and compare the bytes,
# set a property, delete.
image_scenario() {
    local file="$WORK/image.raw" saved="$WORK/image.saved"
    head -c 3145728 /dev/urandom >"$file"
    step "image create --file" image create conformance-img --file "$file" \
        --disk-format raw --container-format bare -f json || return
    check "image status after upload" "$(json_get status <<<"$OUT")" active
    check "image size" "$(json_get size <<<"$OUT")" 3145728
    check "image checksum (md5 of the file)" "$(json_get checksum <<<"$OUT")" "$(md5sum "$file" | cut -d' ' -f1)"
    step "image list" image list -f value -c Name \
        && check "image list names conformance-img" "$(grep -c '^conformance-img$' <<<"$OUT")" 1
    step "image show" image show conformance-img -f json \
        && check "image os_hash_value (sha512 of the file)" "$(json_get properties.os_hash_value <<<"$OUT")" \
            "$(sha512sum "$file" | cut -d' ' -f1)"
    step "image save" image save --file "$saved" conformance-img \
        && check "image save returns the uploaded bytes" "$(cmp -s "$file" "$saved" && echo same || echo different)" same
    step "image set --property hw_vif_model=e1000" image set --property hw_vif_model=e1000 conformance-img \
        && step "image show after set" image show conformance-img -f json \
        && check "image property hw_vif_model" "$(json_get properties.hw_vif_model <<<"$OUT")" e1000
    step "image delete" image delete conformance-img
    if osc image show conformance-img >/dev/null; then
        CLI_FAILED=$((CLI_FAILED + 1)); say "FAIL image gone after delete: image show still finds it"
    else
        CLI_PASSED=$((CLI_PASSED + 1)); say "PASS image gone after delete"
    fi
}
image_scenario

# Tap-as-a-Service through OSC (which resolves names with a GET by name, then ?name=): a service
# on one port, a flow mirroring another with a VLAN filter, list, show, delete.
tap_scenario() {
    check "api_extensions lists taas and taas-vlan-filter" \
        "$(tr ',' '\n' <<<"$API_EXTENSIONS" | grep -cxE 'taas|taas-vlan-filter')" 2
    step "network create (taps)" network create conformance-tap-n --provider-network-type vlan \
        --provider-physical-network "$PHYSNET" -f json || return
    step "subnet create (taps)" subnet create conformance-tap-s --network conformance-tap-n \
        --subnet-range 10.77.0.0/24 -f json || return
    step "port create (probe)" port create conformance-tap-p --network conformance-tap-n -f json || return
    step "port create (source)" port create conformance-tap-src --network conformance-tap-n -f json || return
    step "tap service create --name ts1 --port" tap service create --name ts1 --port conformance-tap-p -f json || return
    check "tap service status" "$(json_get status <<<"$OUT")" DOWN
    step "tap service list" tap service list -f value -c Name \
        && check "tap service list names ts1" "$(grep -c '^ts1$' <<<"$OUT")" 1
    step "tap service show ts1" tap service show ts1 -f json \
        && check "tap service show name" "$(json_get name <<<"$OUT")" ts1
    step "tap flow create --vlan-filter 10,20-30" tap flow create --name tf1 --port conformance-tap-src \
        --tap-service ts1 --direction BOTH --vlan-filter 10,20-30 -f json || return
    check "tap flow vlan_filter echoed" "$(json_get vlan_filter <<<"$OUT")" 10,20-30
    step "tap flow list" tap flow list -f value -c Name \
        && check "tap flow list names tf1" "$(grep -c '^tf1$' <<<"$OUT")" 1
    step "tap flow show tf1" tap flow show tf1 -f json \
        && check "tap flow show direction" "$(json_get direction <<<"$OUT")" BOTH
    step "tap flow delete" tap flow delete tf1
    step "tap service delete" tap service delete ts1
    step "port delete (taps)" port delete conformance-tap-p conformance-tap-src
    step "network delete (taps)" network delete conformance-tap-n
}
tap_scenario

# A whole boot as the quick start shows it, with a real agent on qemu:///system and the test
# guest (scripts/lib/guest-image.sh): image create --file, server create --image --flavor
# --network --wait, console log show until the guest's marker, server delete --wait. The agent's
# bridge uplink is a veth whose peer sits in a namespace of this run; everything is removed after.
boot_scenario() {
    local image="$ROOT/.build/guest-image/guest.qcow2" host="conformance-kvm" credential user password
    local physnet=physnet-boot suffix=$$ console=""
    if ! virsh -c qemu:///system version >/dev/null 2>&1 || [[ ! -f "$image" ]]; then
        CLI_FAILED=$((CLI_FAILED + 1)); say "FAIL boot scenario: needs libvirtd on qemu:///system and $image (scripts/test.sh sets both up)"
        return
    fi
    BOOT_NETNS="pbconf$suffix" BOOT_UPLINK="pbcu$suffix"
    ip netns add "$BOOT_NETNS" && ip link add "$BOOT_UPLINK" type veth peer name trunk0 netns "$BOOT_NETNS" \
        && ip link set dev "$BOOT_UPLINK" up || { CLI_FAILED=$((CLI_FAILED + 1)); say "FAIL boot scenario: uplink"; return; }
    credential=$(curl -sS -f -X POST -H "X-Auth-Token: $TOKEN" "$BASE/patchbay/v1/hosts/$host/credentials") \
        || { CLI_FAILED=$((CLI_FAILED + 1)); say "FAIL host credential for $host"; return; }
    user=$(json_get credential.username <<<"$credential") password=$(json_get credential.password <<<"$credential")
    cat >"$WORK/agent.yaml" <<AGENT
agent:
  host: $host
  report_interval: 2
  poll_interval: 1
  state_dir: $WORK/agent-state
  libvirt_uri: "qemu:///system"
  bpf_dir: $WORK/bpf
  vcpus: 2
  memory_mb: 1024
auth:
  username: "$user"
  password: "$password"
linux_bridge:
  bridge_mappings: ["$physnet:$BOOT_UPLINK"]
AGENT
    mkdir -p "$WORK/bpf" && mount -t bpf bpf "$WORK/bpf" 2>/dev/null
    chmod 755 "$WORK"  # QEMU runs as its own user and must reach the instances directory below it
    "$PATCHBAY_BIN" agent --config "$WORK/agent.yaml" --server "$BASE" >"$WORK/agent.log" 2>&1 &
    AGENT_PID=$!
    step "image create --file (the test guest)" image create conformance-guest --file "$image" \
        --disk-format qcow2 --container-format bare -f json || return
    step "network create (flat, $physnet)" network create conformance-boot --provider-network-type flat \
        --provider-physical-network "$physnet" -f json || return
    step "subnet create (boot)" subnet create conformance-boot-s --network conformance-boot \
        --subnet-range 10.78.0.0/24 -f json || return
    step "flavor create" flavor create conformance-small --ram 256 --vcpus 1 --disk 1 -f json || return
    step "server create --image --flavor --network --wait" server create conformance-vm --image conformance-guest \
        --flavor conformance-small --network conformance-boot --config-drive true --wait -f json || { tail -n 20 "$WORK/agent.log"; return; }
    for _ in $(seq 1 120); do
        console=$(osc console log show conformance-vm) && grep -q '^patchbay-guest: ready' <<<"$console" && break
        sleep 2
    done
    check "console log show has the guest's marker" "$(grep -c '^patchbay-guest: ready' <<<"$console")" 1
    local id address
    id=$(osc server show conformance-vm -f value -c id)
    address=$(curl -sS -H "X-Auth-Token: $TOKEN" "$BASE/compute/v2.1/servers/$id" | json_get server.addresses.conformance-boot.0.addr)
    check "the guest configured the address Patchbay gave it ($address)" \
        "$(grep -c "^patchbay-guest: nic eth0 .* $address/24" <<<"$console")" 1
    step "server delete --wait" server delete --wait conformance-vm
    check "the guest's domain is gone" "$(virsh -c qemu:///system list --all --name | grep -c "^patchbay-${id:0:8}")" 0
    kill "$AGENT_PID" 2>/dev/null; wait "$AGENT_PID" 2>/dev/null; AGENT_PID=""
    umount "$WORK/bpf" 2>/dev/null
    step "flavor delete" flavor delete conformance-small
    step "network delete (boot)" network delete conformance-boot
    step "image delete (the test guest)" image delete conformance-guest
}
boot_scenario

# --- the external network tempest calls public_network_id (as devstack's "public") ------------
PUBLIC_NETWORK_ID=""
if step "external network create (public)" network create public --external \
    --provider-network-type flat --provider-physical-network public -f json; then
    PUBLIC_NETWORK_ID=$(json_get id <<<"$OUT")
    step "external subnet create (public)" subnet create public-subnet --network public \
        --subnet-range 172.24.4.0/24 --no-dhcp -f json
fi
say "openstack CLI scenario: $CLI_PASSED passed, $CLI_FAILED failed"

# --- tempest.conf -------------------------------------------------------------------------------
cat >>"$WS/etc/tempest.conf" <<EOF

[auth]
use_dynamic_credentials = true
create_isolated_networks = false
admin_username = admin
admin_password = $ADMIN_PASSWORD
admin_project_name = admin
admin_domain_name = Default
admin_user_domain_name = Default
admin_project_domain_name = Default
default_credentials_domain_name = Default

[identity]
uri_v3 = $AUTH_URL
auth_version = v3
region = $REGION
v3_endpoint_type = public
admin_role = admin
default_domain_id = default

[identity-feature-enabled]
api_v2 = false
api_v2_admin = false
api_v3 = true

[service_available]
neutron = true
nova = false
cinder = false
glance = false
swift = false

[network]
catalog_type = network
region = $REGION
endpoint_type = publicURL
project_network_cidr = 10.100.0.0/16
project_network_mask_bits = 28
project_network_v6_cidr = 2001:db8::/48
project_network_v6_mask_bits = 64
shared_physical_network = false
public_network_id = $PUBLIC_NETWORK_ID
floating_network_name = public

[network-feature-enabled]
api_extensions = $API_EXTENSIONS
ipv6 = true
ipv6_subnet_attributes = true
port_security = true
port_admin_state_change = true
floating_ips = false

[neutron_plugin_options]
available_type_drivers = flat,vlan,vxlan
provider_vlans = $PHYSNET
provider_net_base_segm_id = 3000
q_agent = None
max_mtu = 1500

[enforce_scope]
neutron = true
EOF

# --- tempest ------------------------------------------------------------------------------------
export TEMPEST_CONFIG_DIR="$WS/etc" TEMPEST_CONFIG=tempest.conf
say "tempest run --serial --include-list $INCLUDE_LIST"
timeout "$TEMPEST_TIMEOUT" "$TEMPEST" run --serial --include-list "$INCLUDE_LIST" 2>&1 | tee "$WORK/tempest.out"
TEMPEST_RC=${PIPESTATUS[0]}
total() { sed -n "s/^ - $1: *\([0-9][0-9]*\).*/\1/p" "$WORK/tempest.out" | tail -n 1; }
T_PASSED=$(total Passed)
T_FAILED=$(total Failed)
T_SKIPPED=$(total Skipped)
T_UNEXPECTED=$(total 'Unexpected Success')
if [[ -z "$T_PASSED" || -z "$T_FAILED" ]]; then
    say "FAIL tempest printed no totals (exit $TEMPEST_RC)"
    T_PASSED=${T_PASSED:-0}; T_FAILED=$((${T_FAILED:-0} + 1))
elif ((TEMPEST_RC != 0 && T_FAILED == 0)); then
    say "FAIL tempest exited $TEMPEST_RC"
    T_FAILED=1
fi
T_FAILED=$((T_FAILED + ${T_UNEXPECTED:-0}))
((T_PASSED + T_FAILED + ${T_SKIPPED:-0} > 0)) || { say "FAIL tempest ran no test"; T_FAILED=1; }
say "tempest: $T_PASSED passed, $T_FAILED failed, ${T_SKIPPED:-0} skipped;" \
    "openstack CLI scenario: $CLI_PASSED passed, $CLI_FAILED failed"

PASSED=$((T_PASSED + CLI_PASSED))
FAILED=$((T_FAILED + CLI_FAILED))
SKIPPED=${T_SKIPPED:-0}
((FAILED == 0)) || server_log_tail
summary
((FAILED == 0))
