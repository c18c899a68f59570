#!/usr/bin/env bash
# Builds fake sysfs trees (real directories, files and symlinks) that mirror Linux's layout, so the
# production sysfs reader (PatchbayHost.LinuxSysfs) runs over them unchanged.
#
# Usage: make-sysfs-fixtures.sh OUT_DIR [LAYOUT...]
#   LAYOUT is one or more of: x710, cx5, qat (default: all three in one host), or
#   big [--pfs N] [--vfs M]   N X710-like PFs with M iavf VFs each (default 8 × 64).
# The tree is written to OUT_DIR/sys. Running it again rebuilds the same tree (idempotent); it
# refuses to touch an OUT_DIR/sys that it did not create (no .patchbay-sysfs-fixture marker).
#
# Layout of one PCI function, as Linux has it (paths relative to OUT_DIR):
#   sys/devices/pci0000:BB/0000:BB:RR.0/DDDD:bb:ss.f/     the real directory (behind root port RR)
#     vendor, device            "0x8086", "0x1572"
#     class                     "0x020000" (Ethernet) or "0x0b4000" (co-processor)
#     numa_node                 "0", "1" or "-1" (no NUMA information)
#     driver -> ../../../../bus/pci/drivers/<name>
#     iommu_group -> ../../../../kernel/iommu_groups/<n>
#     PF only:  sriov_totalvfs, sriov_numvfs, virtfnN -> ../<vf address>
#     VF only:  physfn -> ../<pf address>
#     net/<ifname>/{address,operstate,speed}               when a network driver is bound
#     net/<ifname>/device -> ../../../<address>
#     i40e PF (x710 layout) only: sriov/<n>/{ingress_mirror,egress_mirror,vlan_mirror}, the VF
#       mirror files of Intel's out-of-tree driver (empty; writes are appended, one per line)
#   sys/bus/pci/devices/<address> -> ../../../devices/pci0000:BB/0000:BB:RR.0/<address>
#   sys/bus/pci/drivers/<name>/                            one directory per driver
#   sys/class/net/<ifname> -> ../../devices/pci0000:BB/0000:BB:RR.0/<address>/net/<ifname>
#   sys/kernel/iommu_groups/<n>/
set -euo pipefail

usage() { echo "usage: $0 OUT_DIR [x710|cx5|qat|big [--pfs N] [--vfs M]]..." >&2; exit 2; }
[[ $# -ge 1 ]] || usage
OUT=$1; shift
[[ -n $OUT && $OUT != / ]] || { echo "refusing OUT_DIR '$OUT'" >&2; exit 2; }
mkdir -p "$OUT"
SYS=$OUT/sys
if [[ -e $SYS ]]; then
  [[ -f $OUT/.patchbay-sysfs-fixture ]] || { echo "$SYS exists and is not a fixture tree" >&2; exit 1; }
  rm -rf "$SYS"
fi
touch "$OUT/.patchbay-sysfs-fixture"
mkdir -p "$SYS/bus/pci/devices" "$SYS/bus/pci/drivers" "$SYS/class/net" "$SYS/kernel/iommu_groups"

IOMMU_GROUP=0

# function DIR ADDRESS VENDOR DEVICE CLASS DRIVER NUMA: one PCI function's real directory and links.
# DIR is "pci0000:BB/0000:BB:RR.0", the path of its parent bridge under sys/devices.
function_dir() {
  local dir=$1 addr=$2 vendor=$3 device=$4 class=$5 driver=$6 numa=$7
  local real=$SYS/devices/$dir/$addr
  mkdir -p "$real" "$SYS/bus/pci/drivers/$driver" "$SYS/kernel/iommu_groups/$IOMMU_GROUP"
  printf '0x%s\n' "$vendor" >"$real/vendor"
  printf '0x%s\n' "$device" >"$real/device"
  printf '%s\n' "$class" >"$real/class"
  printf '%s\n' "$numa" >"$real/numa_node"
  ln -s "../../../../bus/pci/drivers/$driver" "$real/driver"
  ln -s "../../../../kernel/iommu_groups/$IOMMU_GROUP" "$real/iommu_group"
  ln -s "../../../devices/$dir/$addr" "$SYS/bus/pci/devices/$addr"
  IOMMU_GROUP=$((IOMMU_GROUP + 1))
}

# netdev DIR ADDRESS IFNAME MAC OPERSTATE [SPEED]: a network interface of a function, and its class link.
netdev() {
  local dir=$1 addr=$2 ifname=$3 mac=$4 operstate=$5
  local net=$SYS/devices/$dir/$addr/net/$ifname
  mkdir -p "$net"
  printf '%s\n' "$mac" >"$net/address"
  printf '%s\n' "$operstate" >"$net/operstate"
  printf '%s\n' "${6:--1}" >"$net/speed"
  ln -s "../../../$addr" "$net/device"
  ln -s "../../devices/$dir/$addr/net/$ifname" "$SYS/class/net/$ifname"
}

# sriov DIR PF_ADDRESS TOTAL VF_ADDRESS...: SR-IOV files of a PF and virtfnN/physfn links.
sriov() {
  local dir=$1 pf=$2 total=$3; shift 3
  printf '%s\n' "$total" >"$SYS/devices/$dir/$pf/sriov_totalvfs"
  printf '%s\n' "$#" >"$SYS/devices/$dir/$pf/sriov_numvfs"
  local n=0 vf
  for vf in "$@"; do
    ln -s "../$vf" "$SYS/devices/$dir/$pf/virtfn$n"
    ln -s "../$pf" "$SYS/devices/$dir/$vf/physfn"
    n=$((n + 1))
  done
}

# (1) Intel X710 (8086:1572, driver i40e) at 0000:81:00.0 on NUMA node 1, netdev ens1f0 (up),
#     4 VFs 8086:154c (driver iavf) at 0000:81:02.0-3 with netdevs ens1f0v0-3.
layout_x710() {
  local dir=pci0000:80/0000:80:03.0 pf=0000:81:00.0 vfs=() n
  function_dir "$dir" "$pf" 8086 1572 0x020000 i40e 1
  netdev "$dir" "$pf" ens1f0 3c:fd:fe:a0:81:00 up 10000
  for n in 0 1 2 3; do
    vfs+=("0000:81:02.$n")
    function_dir "$dir" "0000:81:02.$n" 8086 154c 0x020000 iavf 1
    netdev "$dir" "0000:81:02.$n" "ens1f0v$n" "02:00:00:81:02:0$n" up
  done
  sriov "$dir" "$pf" 64 "${vfs[@]}"
  mirror_files "$dir" "$pf" 4
}

# mirror_files DIR PF_ADDRESS COUNT: the i40e out-of-tree driver's per-VF mirror files.
mirror_files() {
  local dir=$1 pf=$2 count=$3 n
  for ((n = 0; n < count; n++)); do
    mkdir -p "$SYS/devices/$dir/$pf/sriov/$n"
    : >"$SYS/devices/$dir/$pf/sriov/$n/ingress_mirror"
    : >"$SYS/devices/$dir/$pf/sriov/$n/egress_mirror"
    : >"$SYS/devices/$dir/$pf/sriov/$n/vlan_mirror"
  done
}

# (2) Mellanox ConnectX-5 (15b3:1017, driver mlx5_core) at 0000:3b:00.0 on NUMA node 0, netdev
#     ens2f0np0 (up), 4 VFs 15b3:1018 (mlx5_core) at 0000:3b:00.2-5 with netdevs ens2f0v0-3.
layout_cx5() {
  local dir=pci0000:3a/0000:3a:00.0 pf=0000:3b:00.0 vfs=() n
  function_dir "$dir" "$pf" 15b3 1017 0x020000 mlx5_core 0
  netdev "$dir" "$pf" ens2f0np0 b8:59:9f:3b:00:00 up 25000
  for n in 0 1 2 3; do
    vfs+=("0000:3b:00.$((n + 2))")
    function_dir "$dir" "0000:3b:00.$((n + 2))" 15b3 1018 0x020000 mlx5_core 0
    netdev "$dir" "0000:3b:00.$((n + 2))" "ens2f0v$n" "02:00:00:3b:00:0$((n + 2))" down
  done
  sriov "$dir" "$pf" 8 "${vfs[@]}"
}

# (3) Intel QAT C62x (8086:37c8, driver c6xx from qat_c62x) at 0000:3d:00.0, no NUMA information
#     (-1), no netdev; 4 VFs 8086:37c9 (driver c6xxvf from qat_c62xvf) at 0000:3d:01.0-3.
layout_qat() {
  local dir=pci0000:3c/0000:3c:00.0 pf=0000:3d:00.0 vfs=() n
  function_dir "$dir" "$pf" 8086 37c8 0x0b4000 c6xx -1
  for n in 0 1 2 3; do
    vfs+=("0000:3d:01.$n")
    function_dir "$dir" "0000:3d:01.$n" 8086 37c9 0x0b4000 c6xxvf -1
  done
  sriov "$dir" "$pf" 16 "${vfs[@]}"
}

# big: PF i (0-based) is an X710 at 0000:(0x20+i):00.0 behind root port 0000:00:(0x01+i).0 with
#      netdev ensXf0 (X = i+1), NUMA node i%2; VF j at slot 0x02 + j/8, function j%8, no netdev
#      (as if bound to vfio-pci). At most 200 PFs and 240 VFs per PF.
layout_big() {
  local pfs=$1 vfcount=$2 i j
  (( pfs >= 1 && pfs <= 200 && vfcount >= 0 && vfcount <= 240 )) || { echo "big: bad --pfs/--vfs" >&2; exit 2; }
  for ((i = 0; i < pfs; i++)); do
    local bus root dir pf vfs=()
    local mac slot vf
    printf -v bus '%02x' $((0x20 + i))
    printf -v root '%02x.%d' $((0x01 + i % 0x1f)) $((i / 0x1f % 8))
    printf -v mac '3c:fd:fe:00:%02x:00' "$i"
    dir=pci0000:00/0000:00:$root pf=0000:$bus:00.0
    function_dir "$dir" "$pf" 8086 1572 0x020000 i40e $((i % 2))
    netdev "$dir" "$pf" "ens$((i + 1))f0" "$mac" up
    for ((j = 0; j < vfcount; j++)); do
      printf -v slot '%02x' $((0x02 + j / 8))
      vf=0000:$bus:$slot.$((j % 8))
      vfs+=("$vf")
      function_dir "$dir" "$vf" 8086 154c 0x020000 vfio-pci $((i % 2))
    done
    sriov "$dir" "$pf" "$vfcount" "${vfs[@]}"
  done
}

[[ $# -gt 0 ]] || set -- x710 cx5 qat
while [[ $# -gt 0 ]]; do
  case $1 in
    x710) layout_x710; shift ;;
    cx5) layout_cx5; shift ;;
    qat) layout_qat; shift ;;
    big)
      shift; pfs=8 vfcount=64
      while [[ $# -gt 0 ]]; do
        case $1 in
          --pfs) pfs=${2:?}; shift 2 ;;
          --vfs) vfcount=${2:?}; shift 2 ;;
          *) break ;;
        esac
      done
      layout_big "$pfs" "$vfcount" ;;
    *) usage ;;
  esac
done
