#!/usr/bin/env bash
# Proves the guest image (guest-image.sh, guest-init.sh) with plain QEMU, and documents what
# the real-hypervisor tests may rely on.
#
#   bash scripts/lib/guest-image-check.sh [IMAGE_DIR]
#
# IMAGE_DIR (default: $TMPDIR/patchbay-guest-image) holds the cached image. Every guest runs on
# a qcow2 overlay of it, 1 vCPU, its serial console logged to a file, its NICs on taps on
# Linux bridges inside a network namespace made here (deleted at exit, with every QEMU started
# here stopped by PID). Nothing leaves that namespace.
#
# Phase 1, three guests at once:
#   a, b  machine pc, config drive on a second virtio disk; NIC 1 (vif, MTU 1450) on bridge
#         seg1 with 10.99.0.1x/24 and fd00:99::1x/64; NIC 2 (phy) on bridge trunk with VLAN 120
#         on it, 10.99.120.1x/24. Each one's user_data pings the other on all three addresses.
#         From the namespace (10.99.0.1 on seg1): ping, and UDP echo on port 7 over IPv4 and
#         IPv6.
#   c     machine pc, config drive on an IDE CD-ROM; NIC on bridge seg2 (another L2 segment,
#         the same subnet) with 10.99.0.13/24; pinging 10.99.0.11 must fail.
# Phase 2, after a and b are stopped:
#   d     machine q35, config drive on a SATA CD-ROM; NIC on seg2, 10.99.0.14/24, pings c.
#   e     machine pc, no config drive: "no config drive", then ready.
#   f     machine pc, config drive as a disk on a virtio-scsi controller (/dev/sda); NIC on
#         seg2, 10.99.0.15/24.
#
# KVM is used where the kernel's KVM is kvm_intel or kvm_amd. Elsewhere (for instance a
# /dev/kvm served by kvm_pvm, which runs only guests built for it: a stock kernel hangs in its
# decompressor) the guests run under TCG. PATCHBAY_GUEST_ACCEL=kvm or tcg forces one.
# Exit status 0 only when every expectation held; the timings are printed either way.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=guest-image.sh
source "$here/guest-image.sh"

image_dir=${1:-${TMPDIR:-/tmp}/patchbay-guest-image}

missing=()
command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
command -v qemu-img >/dev/null || missing+=(qemu-utils)
command -v genisoimage >/dev/null || missing+=(genisoimage)
command -v ip >/dev/null || missing+=(iproute2)
command -v ping >/dev/null || missing+=(iputils-ping)
command -v python3 >/dev/null || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
    echo "check: installing ${missing[*]}" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

accel=${PATCHBAY_GUEST_ACCEL:-}
if [ -z "$accel" ]; then
    if [ -w /dev/kvm ] && { [ -d /sys/module/kvm_intel ] || [ -d /sys/module/kvm_amd ]; }; then
        accel=kvm
    else
        accel=tcg
        kvm_module=$(find /sys/module -maxdepth 1 -name 'kvm_*' -printf '%f ' 2>/dev/null)
        kvm_module=${kvm_module% }
        echo "check: KVM here is ${kvm_module:-absent}: it cannot run a stock kernel, the guests run under TCG" >&2
    fi
fi
case "$accel" in
    kvm) accel_args=(-accel kvm -cpu host) ;;
    tcg) accel_args=(-accel tcg -cpu qemu64) ;;
    *) echo "check: PATCHBAY_GUEST_ACCEL must be kvm or tcg" >&2; exit 2 ;;
esac

t_build=$SECONDS
image=$(guest_image_build "$image_dir")
echo "check: image $image ($(du -k "$image" | cut -f 1) KiB), ready in $((SECONDS - t_build)) s" >&2

work=$(mktemp -d "${TMPDIR:-/tmp}/patchbay-guest-check.XXXXXX")
ns="pbgi-$$"
declare -A qemu_pid start_time ready_time
failures=0

cleanup() {
    local name pid
    for name in "${!qemu_pid[@]}"; do stop_guest "$name"; done
    ip netns del "$ns" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

stop_guest() {
    local pid=${qemu_pid[$1]:-}
    [ -n "$pid" ] || return 0
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    unset "qemu_pid[$1]"
}

fail() {
    echo "check: FAIL $*" >&2
    failures=$((failures + 1))
}

# --- The namespace: bridges seg1 and trunk (guests a, b), seg2 (c, d) ---------------------
ip netns add "$ns"
ip -n "$ns" link set lo up
for br in seg1 trunk seg2; do
    ip -n "$ns" link add "$br" type bridge
    ip -n "$ns" link set "$br" up
done
ip -n "$ns" addr add 10.99.0.1/24 dev seg1
ip -n "$ns" addr add fd00:99::1/64 dev seg1 nodad
tap() {  # tap NAME BRIDGE
    ip -n "$ns" tuntap add dev "$1" mode tap
    ip -n "$ns" link set "$1" master "$2" up
}

# --- Config drives ---------------------------------------------------------------------------
# drive NAME HOSTNAME NETWORK_DATA USER_DATA: $work/NAME.iso, as Patchbay lays it out.
drive() {
    local dir="$work/$1-drive/openstack/latest"
    mkdir -p "$dir"
    printf '{"availability_zone":"nova","hostname":"%s","launch_index":0,"name":"%s","uuid":"00000000-0000-4000-8000-0000000000%s"}' \
        "$2" "$2" "$(printf '%02x' "'${1:0:1}")" >"$dir/meta_data.json"
    printf '%s' "$3" >"$dir/network_data.json"
    printf '%s\n' "$4" >"$dir/user_data"
    # genisoimage warns that these options leave ISO 9660 proper; it is said only on failure.
    genisoimage -o "$work/$1.iso" -V config-2 -J -r -l -ldots -allow-lowercase -allow-multidot -quiet \
        "$work/$1-drive" 2>"$work/$1.genisoimage.log" || { cat "$work/$1.genisoimage.log" >&2; return 1; }
}

# network_data.json of guest a or b (N = 11 or 12).
pair_network_data() {
    local n=$1
    printf '{"links":[{"ethernet_mac_address":"fa:16:3e:99:00:%s","id":"tap%s000000-aa","mtu":1450,"type":"vif","vif_id":"%s000000-aaaa-bbbb"},{"ethernet_mac_address":"fa:16:3e:99:01:%s","id":"tap%s111111-aa","mtu":1500,"type":"phy","vif_id":"%s111111-aaaa-bbbb"},{"id":"vlan2","type":"vlan","vlan_id":120,"vlan_link":"tap%s111111-aa","vlan_mac_address":"fa:16:3e:99:01:%s"}],"networks":[{"id":"network0","ip_address":"10.99.0.%s","link":"tap%s000000-aa","netmask":"255.255.255.0","network_id":"n1","routes":[{"gateway":"10.99.0.1","netmask":"0.0.0.0","network":"0.0.0.0"}],"services":[{"address":"10.99.0.53","type":"dns"}],"type":"ipv4"},{"id":"network1","ip_address":"fd00:99::%s","link":"tap%s000000-aa","netmask":"ffff:ffff:ffff:ffff::","network_id":"n1","routes":[],"services":[],"type":"ipv6"},{"id":"network2","ip_address":"10.99.120.%s","link":"vlan2","netmask":"255.255.255.0","network_id":"n2","routes":[],"services":[],"type":"ipv4"}],"services":[{"address":"10.99.0.53","type":"dns"}]}' \
        "$n" "$n" "$n" "$n" "$n" "$n" "$n" "$n" "$n" "$n" "$n" "$n" "$n"
}

single_network_data() {  # single_network_data N: one vif link, 10.99.0.N/24
    printf '{"links":[{"ethernet_mac_address":"fa:16:3e:99:00:%s","id":"tap%s000000-aa","mtu":1500,"type":"vif","vif_id":"%s000000-aaaa-bbbb"}],"networks":[{"id":"network0","ip_address":"10.99.0.%s","link":"tap%s000000-aa","netmask":"255.255.255.0","network_id":"n1","routes":[],"services":[],"type":"ipv4"}],"services":[]}' \
        "$1" "$1" "$1" "$1" "$1"
}

# A user_data line that waits up to 30 s for an address to answer, then the tests' own check.
ping_check() {
    printf 'ping -c 1 -w 30 %s >/dev/null 2>&1\nping -c 3 -W 1 %s >/dev/null 2>&1 && echo "PING-OK %s" || echo "PING-FAIL %s"\n' "$1" "$1" "$1" "$1"
}

# --- Guests ----------------------------------------------------------------------------------
# boot NAME MACHINE MEMORY ARGS...: starts QEMU in the namespace on an overlay of the image.
# SeaBIOS tries only the first hard disk: the image's disk has bootindex 1, as libvirt gives the
# first <disk> of a domain whose <os> says <boot dev='hd'/>.
boot() {
    local name=$1 machine=$2 memory=$3
    shift 3
    qemu-img create -q -f qcow2 -b "$image" -F qcow2 "$work/$name.qcow2" 1G
    : >"$work/$name.log"
    start_time[$name]=$(date +%s.%N)
    ip netns exec "$ns" qemu-system-x86_64 -name "guest-$name" -machine "$machine" "${accel_args[@]}" \
        -m "$memory" -smp 1 -display none -nodefaults -no-user-config -no-reboot \
        -serial "file:$work/$name.log" \
        -drive "file=$work/$name.qcow2,if=none,id=disk0,format=qcow2" -device virtio-blk-pci,drive=disk0,bootindex=1 \
        "$@" 2>"$work/$name.qemu.log" &
    qemu_pid[$name]=$!
}

nic() {  # nic ID MAC TAP: QEMU arguments for a virtio NIC on a tap
    printf '%s\n' -netdev "tap,id=$1,ifname=$3,script=no,downscript=no" -device "virtio-net-pci,netdev=$1,mac=$2"
}

console_has() { grep -qFx -- "$2" "$work/$1.log"; }

# wait_for LIMIT_SECONDS MARKER NAME...: waits until every guest's console shows MARKER.
wait_for() {
    local limit=$1 marker=$2 name pending deadline
    shift 2
    deadline=$((SECONDS + limit))
    while :; do
        pending=0
        for name in "$@"; do
            if [ -z "${ready_time[$name]:-}" ] && [ "$marker" = "patchbay-guest: ready" ] && console_has "$name" "$marker"; then
                ready_time[$name]=$(awk -v now="$(date +%s.%N)" -v t0="${start_time[$name]}" 'BEGIN { printf "%.1f", now - t0 }')
            fi
            console_has "$name" "$marker" && continue
            if ! kill -0 "${qemu_pid[$name]:-0}" 2>/dev/null; then
                fail "guest $name: QEMU exited: $(head -c 300 "$work/$name.qemu.log")"
                return 1
            fi
            pending=1
        done
        [ $pending -eq 0 ] && return 0
        if [ $SECONDS -ge $deadline ]; then
            for name in "$@"; do console_has "$name" "$marker" || fail "guest $name: no \"$marker\" within $limit s"; done
            return 1
        fi
        sleep 0.2
    done
}

expect() {  # expect NAME LINE...: each LINE is a whole line of the guest's console
    local name=$1 line
    shift
    for line in "$@"; do
        console_has "$name" "$line" || fail "guest $name: console lacks \"$line\""
    done
    if grep -q '^patchbay-guest: error' "$work/$name.log"; then
        fail "guest $name: $(grep '^patchbay-guest: error' "$work/$name.log" | tr '\n' ';')"
    fi
}

show_console() {
    echo "--- console of guest $1 (markers and user_data output)" >&2
    grep -v '^\[ *[0-9]*\.[0-9]*\]' "$work/$1.log" | grep -v '^\s*$' | sed 's/^/    /' >&2 || true
}

# UDP echo from the namespace: udp_echo ADDRESS prints "ok" when a datagram comes back.
udp_echo() {
    ip netns exec "$ns" python3 - "$1" <<'EOF'
import socket, sys
addr = sys.argv[1]
family = socket.AF_INET6 if ":" in addr else socket.AF_INET
for attempt in range(10):
    s = socket.socket(family, socket.SOCK_DGRAM)
    s.settimeout(1.0)
    payload = b"patchbay-echo-%d" % attempt
    s.sendto(payload, (addr, 7))
    try:
        data, _ = s.recvfrom(65536)
        if data == payload:
            print("ok")
            break
    except OSError:
        pass
    finally:
        s.close()
else:
    print("no echo")
EOF
}

# --- Phase 1 ---------------------------------------------------------------------------------
for n in 11 12; do
    name=$([ $n = 11 ] && echo a || echo b)
    peer=$([ $n = 11 ] && echo 12 || echo 11)
    drive "$name" "guest-$name" "$(pair_network_data $n)" \
        "$(ping_check "10.99.0.$peer")
$(ping_check "10.99.120.$peer")
$(ping_check "fd00:99::$peer")
echo \"MTU eth0 \$(cat /sys/class/net/eth0/mtu)\""
    tap "t$name" seg1
    tap "t${name}2" trunk
done
drive c guest-c "$(single_network_data 13)" "$(ping_check 10.99.0.11)"
tap tc seg2

mapfile -t nic_a < <(nic n0 fa:16:3e:99:00:11 ta; nic n1 fa:16:3e:99:01:11 ta2)
mapfile -t nic_b < <(nic n0 fa:16:3e:99:00:12 tb; nic n1 fa:16:3e:99:01:12 tb2)
mapfile -t nic_c < <(nic n0 fa:16:3e:99:00:13 tc)
boot a pc 256 -drive "file=$work/a.iso,if=virtio,format=raw,readonly=on" "${nic_a[@]}"
boot b pc 256 -drive "file=$work/b.iso,if=virtio,format=raw,readonly=on" "${nic_b[@]}"
boot c pc 128 -drive "file=$work/c.iso,if=ide,media=cdrom,format=raw,readonly=on" "${nic_c[@]}"

phase1_ok=1
wait_for 240 "patchbay-guest: ready" a b c || phase1_ok=0
if [ $phase1_ok = 1 ]; then
    for address in 10.99.0.11 10.99.0.12; do
        if ip netns exec "$ns" ping -c 2 -W 2 "$address" >/dev/null 2>&1; then
            echo "check: ping from $address: ok" >&2
        else
            fail "no ping reply from $address"
        fi
    done
    for address in 10.99.0.11 10.99.0.12 fd00:99::11 fd00:99::12; do
        result=$(udp_echo "$address")
        [ "$result" = ok ] || fail "UDP echo from $address: $result"
        echo "check: UDP echo from $address: $result" >&2
    done
    wait_for 180 "patchbay-guest: user-data done 0" a b c || true
fi
for n in 11 12; do
    name=$([ $n = 11 ] && echo a || echo b)
    peer=$([ $n = 11 ] && echo 12 || echo 11)
    expect "$name" "patchbay-guest: booting" "patchbay-guest: hostname guest-$name" \
        "patchbay-guest: nic eth0 fa:16:3e:99:00:$n 10.99.0.$n/24" \
        "patchbay-guest: nic eth0 fa:16:3e:99:00:$n fd00:99::$n/64" \
        "patchbay-guest: nic eth1.120 fa:16:3e:99:01:$n 10.99.120.$n/24" \
        "patchbay-guest: ready" "PING-OK 10.99.0.$peer" "PING-OK 10.99.120.$peer" "PING-OK fd00:99::$peer" \
        "MTU eth0 1450" "patchbay-guest: user-data done 0"
done
expect c "patchbay-guest: booting" "patchbay-guest: hostname guest-c" \
    "patchbay-guest: nic eth0 fa:16:3e:99:00:13 10.99.0.13/24" "patchbay-guest: ready" \
    "PING-FAIL 10.99.0.11" "patchbay-guest: user-data done 0"
for name in a b c; do show_console "$name"; done
stop_guest a
stop_guest b

# --- Phase 2 ---------------------------------------------------------------------------------
drive d guest-d "$(single_network_data 14)" "$(ping_check 10.99.0.13)"
tap td seg2
mapfile -t nic_d < <(nic n0 fa:16:3e:99:00:14 td)
boot d q35 128 -drive "file=$work/d.iso,if=ide,media=cdrom,format=raw,readonly=on" "${nic_d[@]}"
boot e pc 128
drive f guest-f "$(single_network_data 15)" "echo \"USER-DATA f \$(hostname)\""
tap tf seg2
mapfile -t nic_f < <(nic n0 fa:16:3e:99:00:15 tf)
boot f pc 128 -device virtio-scsi-pci,id=scsi0 -drive "file=$work/f.iso,if=none,id=cfg,format=raw,readonly=on" \
    -device scsi-hd,drive=cfg,bus=scsi0.0 "${nic_f[@]}"
if wait_for 240 "patchbay-guest: ready" d e f; then
    wait_for 120 "patchbay-guest: user-data done 0" d f || true
fi
expect d "patchbay-guest: booting" "patchbay-guest: hostname guest-d" \
    "patchbay-guest: nic eth0 fa:16:3e:99:00:14 10.99.0.14/24" "patchbay-guest: ready" \
    "PING-OK 10.99.0.13" "patchbay-guest: user-data done 0"
expect e "patchbay-guest: booting" "patchbay-guest: no config drive" "patchbay-guest: ready"
expect f "patchbay-guest: booting" "patchbay-guest: hostname guest-f" \
    "patchbay-guest: nic eth0 fa:16:3e:99:00:15 10.99.0.15/24" "patchbay-guest: ready" \
    "USER-DATA f guest-f" "patchbay-guest: user-data done 0"
for name in d e f; do show_console "$name"; done

echo "check: accelerator $accel; boot to ready (QEMU start to the marker):" >&2
for name in a b c d e f; do
    printf '    %s  %s s\n' "$name" "${ready_time[$name]:-none}" >&2
done
if [ $failures -gt 0 ]; then
    echo "check: $failures failure(s)" >&2
    exit 1
fi
echo "check: all guests passed" >&2
