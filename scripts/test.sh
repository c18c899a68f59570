#!/usr/bin/env bash
# The whole test suite. CI calls exactly this script.
# 1. Builds everything (the server binary included: process, CLI and conformance tests run it).
# 2. Runs every Swift test (unit, store, real-HTTP API, OpenStack CLI scenario, and as root the
#    host agent against real network namespaces, libvirt's test driver and real packets).
# 3. Runs the conformance harness: the OpenStack CLI with password auth through the catalog,
#    and the committed tempest include list (tests/tempest-include.txt).
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages: the store links the system SQLite (Debian's image has it, a bare machine
# may not), and the guest-definition tests validate and define domains with libvirt's own tools
# (virt-xml-validate, virsh on test:///default); the agent loads libvirt.so.0 at run time and
# drives the data plane with iproute2 (ip, bridge, tc) inside namespaces the tests create.
missing=()
[ -f /usr/include/sqlite3.h ] || missing+=(libsqlite3-dev)
command -v virt-xml-validate >/dev/null || missing+=(libvirt-clients libvirt-daemon libvirt-daemon-driver-qemu)
command -v xmllint >/dev/null || missing+=(libxml2-utils)  # virt-xml-validate runs it
[ -e /usr/lib/x86_64-linux-gnu/libvirt.so.0 ] || [ -e /usr/lib/aarch64-linux-gnu/libvirt.so.0 ] || missing+=(libvirt0)
{ command -v ip && command -v bridge && command -v tc; } >/dev/null || missing+=(iproute2)
# Config drives are ISO 9660 volumes built with genisoimage (its isoinfo reads them back in tests).
{ command -v genisoimage && command -v isoinfo; } >/dev/null || missing+=(genisoimage)
# The bump-in-the-wire tests' stand-in firewall drops UDP port 9 with ebtables in its namespace.
command -v ebtables >/dev/null || missing+=(ebtables)
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

# --- Real KVM guests (qemu:///system) ------------------------------------------------------
# The real-guest tests start minimal KVM domains on the devices the agent makes. Install QEMU
# and the libvirt daemon when missing, start virtlogd and libvirtd when they are not running
# (only those started here are stopped at exit, by PID), and wait until qemu:///system answers.
case "$(uname -m)" in
    x86_64) qemu_package=qemu-system-x86 qemu_binary=qemu-system-x86_64 ;;
    aarch64 | arm64) qemu_package=qemu-system-arm qemu_binary=qemu-system-aarch64 ;;
    *) qemu_package=qemu-system qemu_binary=qemu-system-$(uname -m) ;;
esac
kvm_missing=()
command -v "$qemu_binary" >/dev/null || kvm_missing+=("$qemu_package")
{ command -v libvirtd && command -v virtlogd; } >/dev/null || kvm_missing+=(libvirt-daemon libvirt-daemon-driver-qemu)
[ -e /usr/lib/x86_64-linux-gnu/libvirt/connection-driver/libvirt_driver_qemu.so ] \
    || [ -e /usr/lib/aarch64-linux-gnu/libvirt/connection-driver/libvirt_driver_qemu.so ] \
    || kvm_missing+=(libvirt-daemon-driver-qemu)
command -v virsh >/dev/null || kvm_missing+=(libvirt-clients)
command -v qemu-img >/dev/null || kvm_missing+=(qemu-utils)  # the agent lays root disks out as qcow2 overlays
id libvirt-qemu >/dev/null 2>&1 || kvm_missing+=(libvirt-daemon-system)  # the QEMU driver runs guests as this user
if [ ${#kvm_missing[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${kvm_missing[@]}"
fi
kvm_started_pids=()
# shellcheck source=lib/postgres.sh
source scripts/lib/postgres.sh
kvm_stop_started_daemons() {
    local pid
    pg_test_stop
    # A test that failed may have left a patchbay process of this build running: stop it too.
    pkill -KILL -f "^$PWD/.build/[^ ]*/patchbay " 2>/dev/null || true
    for pid in "${kvm_started_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap kvm_stop_started_daemons EXIT
kvm_running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
kvm_start() {  # kvm_start DAEMON PIDFILE: start it daemonized, remember its PID once it runs
    "$1" -d || return 0
    for _ in $(seq 50); do kvm_running "$2" && { kvm_started_pids+=("$(cat "$2")"); return 0; }; sleep 0.1; done
}
mkdir -p /var/log/libvirt /var/lib/libvirt/qemu /var/cache/libvirt  # a bare install may lack them
# Without udev, /dev/kvm stays root-only; Debian's udev rule gives it to group kvm (0660),
# which the QEMU driver's user is in.
if [ -c /dev/kvm ] && getent group kvm >/dev/null && [ "$(stat -c %G /dev/kvm)" != kvm ]; then
    chgrp kvm /dev/kvm && chmod 0660 /dev/kvm
fi
kvm_running /run/virtlogd.pid || kvm_start virtlogd /run/virtlogd.pid
kvm_running /run/libvirtd.pid || kvm_start libvirtd /run/libvirtd.pid
for _ in $(seq 60); do virsh -c qemu:///system version >/dev/null 2>&1 && break; sleep 1; done
virsh -c qemu:///system version >/dev/null || echo "warning: libvirtd does not answer on qemu:///system" >&2
# --- end of real KVM guests -----------------------------------------------------------------

swift build --build-tests
# The real guests' image: a Debian kernel and a busybox initramfs on a syslinux disk, built once
# from Debian packages and cached under .build/guest-image (the script installs what it needs).
bash scripts/lib/guest-image.sh .build/guest-image
# The OpenStack CLI scenario's client, installed now so pip does not share the machine with the tests.
./scripts/osc-scenario.sh --install-client
# PostgreSQL for the scale-out suites and the API suites' second run (stopped at exit).
pg_test_start
# The load races and the SIGKILL crash suites run on their own, after the rest: they saturate the
# machine on purpose, and suites with short timeouts (the agent's 500 ms server calls) must not
# share two cores with them. The real-KVM agent crash suite runs last, alone: QEMU guests that
# boot while two cores are saturated miss its waits.
# Under CI=true nothing may be skipped: suites that need root, namespaces or libvirt fail there
# instead of skipping (NetnsTesting's Requirement), and any skip in the output fails the run.
HEAVY_SUITES='ServerRaceAPITests|ServerLifecycleAPITests|CrashRecoveryProcessTests'
KVM_CRASH_SUITES='AgentCrashProcessTests'
# The real guests boot under TCG where /dev/kvm is not hardware-backed: they take both cores for
# a minute, so they run alone after the crash suite, whose waits they would starve.
KVM_GUEST_SUITES='KVMGuestPingTests'
mkdir -p .build
# Each phase has a time limit far above its usual few minutes, so a hung test fails the run
# with its output instead of holding CI to its own limit; timeout signals the whole process
# group, so no child of a test outlives it.
phase() {  # phase LIMIT_SECONDS SWIFT_TEST_ARGUMENTS...
    local limit=$1
    shift
    timeout --kill-after=30 "$limit" swift test --skip-build "$@" 2>&1 | tee -a .build/test-output.log
}
: >.build/test-output.log
phase 1500 --skip "$HEAVY_SUITES|$KVM_CRASH_SUITES|$KVM_GUEST_SUITES"
phase 1200 --filter "$HEAVY_SUITES"
phase 900 --filter "$KVM_CRASH_SUITES"
phase 900 --filter "$KVM_GUEST_SUITES"
# The API suites again, every test server on PostgreSQL (a schema each) instead of SQLite; those
# that read a server's SQLite file directly stay on SQLite.
SQLITE_FILE_SUITES='TransactionAndRestartAPITests|CrashRecoveryProcessTests|ServeProcessTests|OpenStackClientTests|ImageProcessTests'
export PATCHBAY_TEST_DATABASE=postgres
# The scale-out races (many boots over two servers) run with the other race suites, not beside
# every API suite at once, whose load on two cores starves them past their hang guards.
PG_RACE_SUITES='ServerRaceAPITests|ServerLifecycleAPITests|PostgresScaleOutTests'
phase 1200 --filter PatchbayAPITests --skip "$HEAVY_SUITES|$SQLITE_FILE_SUITES|PostgresScaleOutTests"
phase 900 --filter "$PG_RACE_SUITES"
unset PATCHBAY_TEST_DATABASE
if [ "${CI:-}" = "true" ] && grep -E '(Test|Suite) .* skipped(\.|:.*)?$|Test Case .* skipped \(|with [1-9][0-9]* tests? skipped' .build/test-output.log; then
    echo "test.sh: tests were skipped under CI=true; every suite must run in CI" >&2
    exit 1
fi
./scripts/conformance.sh
