#!/usr/bin/env bash
# A tiny bootable guest disk for the real-hypervisor tests, built only from Debian packages.
#
#   bash scripts/lib/guest-image.sh OUT_DIR      builds (or reuses) OUT_DIR/guest.qcow2, prints its path
#   . scripts/lib/guest-image.sh; guest_image_build OUT_DIR     the same from a sourcing script
#
# The disk is an unpartitioned FAT volume ("superfloppy") holding SYSLINUX (installed with the
# mtools variant, so nothing is mounted), Debian's kernel and an initramfs: busybox-static with
# its applet links, the kernel modules the guest needs (dependencies from modules.dep, in load
# order), inetutils-inetd with the glibc it links against (for UDP echo on port 7) and
# guest-init.sh as /init. The kernel logs to ttyS0. The image is qcow2 (about 12 MiB, virtual
# and on disk): attach it through a qcow2 overlay so the base stays untouched. SeaBIOS boots
# only the first hard disk, so the image's disk must come first (bootindex 1).
#
# Kernel, busybox-static, libc6 and inetutils-inetd are fetched with apt-get download and
# unpacked with dpkg-deb -x into a scratch directory: no maintainer script runs, nothing lands
# in /boot. The host tools (syslinux, mtools, dosfstools, qemu-utils) are installed when missing.
#
# OUT_DIR/guest.key records a hash of both scripts and of every package version used; a later
# run whose inputs hash the same reuses the image without building anything (and without asking
# apt while neither the scripts, the package lists nor the host tools changed).

GUEST_IMAGE_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Modules loaded in the guest, each after what it depends on. Those built into the kernel
# (modules.builtin) are skipped.
#   virtio_pci, virtio_blk, virtio_net   the domain's disks and NICs
#   virtio_scsi, sd_mod, sr_mod          disks and CD-ROMs on a virtio-scsi controller
#   ata_piix, ahci                       IDE (pc) and SATA (q35) CD-ROMs
#   isofs, nls_utf8                      the ISO 9660 config drive (Joliet names are UTF-8)
#   8021q                                VLAN links of network_data.json
GUEST_IMAGE_MODULES=(virtio_pci virtio_blk virtio_net virtio_scsi sd_mod sr_mod ata_piix ahci isofs nls_utf8 8021q)

GUEST_IMAGE_CMDLINE="console=ttyS0,115200"

guest_image_log() { echo "guest-image: $*" >&2; }

# Candidate versions (the ones apt would install) of the packages named: "name version" lines.
guest_image_candidates() {
    apt-cache policy "$@" 2>/dev/null | awk '
        /^[^ ].*:$/ { name = substr($0, 1, length($0) - 1) }
        $1 == "Candidate:" && $2 != "(none)" { print name, $2 }'
}

# Resolves the packages and their versions: GUEST_IMAGE_PKGS, the guest's ("name=version"
# lines, the kernel first), and GUEST_IMAGE_HOST_PKGS, the host tools' (installed, or the
# candidate when not installed).
guest_image_resolve() {
    local candidates meta kpkg kver p v
    candidates=$(guest_image_candidates linux-image-amd64 busybox-static libc6 inetutils-inetd \
        syslinux mtools dosfstools qemu-utils)
    meta=$(awk '$1 == "linux-image-amd64" { print $2 }' <<<"$candidates")
    [ -n "$meta" ] || return 1
    # The metapackage pins the kernel package: "Depends: linux-image-6.1.0-N-amd64 (= VERSION)".
    read -r kpkg kver < <(apt-cache show "linux-image-amd64=$meta" 2>/dev/null \
        | sed -n 's/^Depends: //p' | head -n 1 | tr ',' '\n' \
        | sed -n 's/^ *\(linux-image-[0-9][^ ]*\) *(= *\([^)]*\)).*/\1 \2/p' | head -n 1) || true
    [ -n "$kpkg" ] && [ -n "$kver" ] || return 1
    GUEST_IMAGE_PKGS="$kpkg=$kver"
    for p in busybox-static libc6 inetutils-inetd; do
        v=$(awk -v p="$p" '$1 == p { print $2 }' <<<"$candidates")
        [ -n "$v" ] || return 1
        GUEST_IMAGE_PKGS+=$'\n'"$p=$v"
    done
    GUEST_IMAGE_HOST_PKGS=""
    for p in syslinux mtools dosfstools qemu-utils; do
        v=$(dpkg-query -W -f '${db:Status-Status} ${Version}' "$p" 2>/dev/null | awk '$1 == "installed" { print $2 }') || true
        [ -n "$v" ] || v=$(awk -v p="$p" '$1 == p { print $2 }' <<<"$candidates")
        GUEST_IMAGE_HOST_PKGS+="$p=$v"$'\n'
    done
}

guest_image_key() {
    {
        echo "arch=$(dpkg --print-architecture)"
        echo "cmdline=$GUEST_IMAGE_CMDLINE"
        echo "modules=${GUEST_IMAGE_MODULES[*]}"
        echo "$GUEST_IMAGE_PKGS"
        echo "$GUEST_IMAGE_HOST_PKGS"
        cat "$GUEST_IMAGE_LIB_DIR/guest-image.sh" "$GUEST_IMAGE_LIB_DIR/guest-init.sh"
    } | sha256sum | cut -d ' ' -f 1
}

# Cheap to compute: the scripts, the package lists' files and the host tools' versions. While
# it is unchanged, so are the key's inputs, and a cached image is reused without asking apt.
guest_image_fingerprint() {
    {
        cat "$GUEST_IMAGE_LIB_DIR/guest-image.sh" "$GUEST_IMAGE_LIB_DIR/guest-init.sh"
        stat -c '%n %s %Y' /var/lib/apt/lists/*_Packages* 2>/dev/null || true
        dpkg-query -W syslinux mtools dosfstools qemu-utils 2>/dev/null || true
    } | sha256sum | cut -d ' ' -f 1
}

# Installs the missing host tools; returns 2 when there were none to install.
guest_image_install_tools() {
    local missing=()
    command -v syslinux >/dev/null || missing+=(syslinux)
    command -v mcopy >/dev/null || missing+=(mtools)
    command -v mkfs.vfat >/dev/null || missing+=(dosfstools)
    command -v qemu-img >/dev/null || missing+=(qemu-utils)
    [ ${#missing[@]} -gt 0 ] || return 2
    guest_image_log "installing ${missing[*]}"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Fetches the guest packages (exact versions) into the current directory.
guest_image_download() {
    local pkgs
    mapfile -t pkgs <<<"$GUEST_IMAGE_PKGS"
    apt-get download -q -o APT::Sandbox::User=root "${pkgs[@]}" >/dev/null 2>download.log
}

# Prints the modules to load, as paths relative to lib/modules/KVER, dependencies first.
guest_image_module_order() {
    local moddir=$1 name line path
    local -A file_of deps_of seen
    local order=()
    while IFS= read -r line; do
        path=${line%%:*}
        name=${path##*/}
        name=${name%.ko*}
        name=${name//-/_}
        file_of[$name]=$path
        deps_of[$path]=${line#*:}
    done <"$moddir/modules.dep"

    visit() {
        local p=$1 d
        [ -n "${seen[$p]:-}" ] && return 0
        seen[$p]=1
        for d in ${deps_of[$p]}; do visit "$d"; done
        order+=("$p")
    }
    for name in "${GUEST_IMAGE_MODULES[@]}"; do
        name=${name//-/_}
        if [ -n "${file_of[$name]:-}" ]; then
            visit "${file_of[$name]}"
        elif sed 's,.*/,,; s,\.ko.*,,; s,-,_,g' "$moddir/modules.builtin" | grep -qx "$name"; then
            guest_image_log "module $name is built into the kernel"
        else
            guest_image_log "module $name is neither a module nor built in"
            return 1
        fi
    done
    unset -f visit
    printf '%s\n' "${order[@]}"
}

guest_image_build() (
    set -euo pipefail
    local out=${1:?usage: guest_image_build OUT_DIR}
    mkdir -p "$out"
    out=$(cd "$out" && pwd)
    local image="$out/guest.qcow2"
    local t0=$SECONDS

    if [ "$(dpkg --print-architecture)" != amd64 ]; then
        guest_image_log "only amd64 hosts are supported"
        return 1
    fi

    exec 9>"$out/.guest-image.lock"
    flock 9

    if [ -f "$image" ] && [ -f "$out/guest.key" ] &&
        [ "$(cat "$out/guest.fingerprint" 2>/dev/null)" = "$(guest_image_fingerprint)" ]; then
        guest_image_log "reusing $image"
        echo "$image"
        return 0
    fi

    if ! guest_image_resolve; then
        guest_image_log "updating the package lists"
        apt-get update -qq >&2
        guest_image_resolve || { guest_image_log "cannot resolve the guest packages"; return 1; }
    fi
    local key
    key=$(guest_image_key)
    if [ -f "$image" ] && [ "$(cat "$out/guest.key" 2>/dev/null)" = "$key" ]; then
        guest_image_fingerprint >"$out/guest.fingerprint"
        guest_image_log "reusing $image"
        echo "$image"
        return 0
    fi

    rm -f "$out/guest.fingerprint"
    local installed=0
    guest_image_install_tools || installed=$?
    case $installed in
        0)  # Tools installed just now: their versions are part of the key.
            guest_image_resolve
            key=$(guest_image_key)
            ;;
        2) ;;
        *)
            guest_image_log "cannot install the host tools"
            return 1
            ;;
    esac

    # The kernel package unpacks to some 400 MB of modules: in memory when there is room, as
    # writing and removing them on disk takes longer than the rest of the build.
    local scratch_parent=$out
    if [ -d /dev/shm ] && [ -w /dev/shm ] &&
        [ "$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }')" -gt 1048576 ] 2>/dev/null; then
        scratch_parent=/dev/shm
    fi
    local scratch
    scratch=$(mktemp -d "$scratch_parent/patchbay-guest-image.XXXXXX")
    trap 'rm -rf "$scratch" "$out/.guest.qcow2.tmp"' EXIT
    cd "$scratch"

    guest_image_log "downloading $(tr '\n' ' ' <<<"$GUEST_IMAGE_PKGS")"
    if ! guest_image_download; then
        guest_image_log "download failed, updating the package lists and retrying"
        apt-get update -qq >&2
        guest_image_resolve
        key=$(guest_image_key)
        rm -f ./*.deb
        guest_image_download || { cat download.log >&2; return 1; }
    fi

    local kpkg=${GUEST_IMAGE_PKGS%%=*}
    local kver=${kpkg#linux-image-}
    dpkg-deb -x "$kpkg"_*.deb kernel
    dpkg-deb -x busybox-static_*.deb busybox
    dpkg-deb -x libc6_*.deb libc
    dpkg-deb -x inetutils-inetd_*.deb inetd
    local bb="$scratch/busybox/bin/busybox"
    local moddir="kernel/lib/modules/$kver"
    [ -f "kernel/boot/vmlinuz-$kver" ] || { guest_image_log "no kernel in $kpkg"; return 1; }
    [ -f "$moddir/modules.dep" ] || "$bb" depmod -b kernel "$kver"

    # The initramfs tree.
    local root="$scratch/root" applet m
    mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,run,tmp,mnt/config,etc,lib/modules,lib/x86_64-linux-gnu,lib64,var}
    ln -s ../run "$root/var/run"
    cp busybox/bin/busybox "$root/bin/busybox"
    while IFS= read -r applet; do
        [ -e "$root/$applet" ] || [ -L "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
    done < <("$bb" --list-full)

    local modules
    modules=$(guest_image_module_order "$moddir")
    : >"$root/etc/patchbay-modules"
    while IFS= read -r m; do
        cp "$moddir/$m" "$root/lib/modules/"
        echo "${m##*/}" >>"$root/etc/patchbay-modules"
    done <<<"$modules"
    guest_image_log "kernel $kver, modules: $(sed 's/\.ko.*//' "$root/etc/patchbay-modules" | tr '\n' ' ')"

    cp inetd/usr/sbin/inetutils-inetd "$root/usr/sbin/inetd"
    cp libc/lib/x86_64-linux-gnu/libc.so.6 libc/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 \
        "$root/lib/x86_64-linux-gnu/"
    ln -s ../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$root/lib64/ld-linux-x86-64.so.2"
    printf 'echo\tdgram\tudp6\twait\troot\tinternal\n' >"$root/etc/inetd.conf"
    printf 'echo\t\t7/tcp\necho\t\t7/udp\n' >"$root/etc/services"
    printf 'ip\t0\tIP\nicmp\t1\tICMP\ntcp\t6\tTCP\nudp\t17\tUDP\nipv6-icmp\t58\tIPv6-ICMP\n' >"$root/etc/protocols"
    printf 'root:x:0:0:root:/:/bin/sh\n' >"$root/etc/passwd"
    printf 'root:x:0:\n' >"$root/etc/group"
    printf 'passwd: files\ngroup: files\nhosts: files dns\nservices: files\nprotocols: files\n' >"$root/etc/nsswitch.conf"
    printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost\n' >"$root/etc/hosts"

    install -m 0755 "$GUEST_IMAGE_LIB_DIR/guest-init.sh" "$root/init"
    # The kernel opens /dev/console for /init before devtmpfs is mounted.
    mknod -m 600 "$root/dev/console" c 5 1 2>/dev/null || true
    mknod -m 666 "$root/dev/null" c 1 3 2>/dev/null || true

    (cd "$root" && find . -mindepth 1 | LC_ALL=C sort | "$bb" cpio -o -H newc 2>/dev/null) | gzip -9 -n >initrd.gz

    # The boot volume: FAT with room for the kernel, the initramfs and SYSLINUX.
    cp "kernel/boot/vmlinuz-$kver" vmlinuz
    cat >syslinux.cfg <<EOF
SERIAL 0 115200
DEFAULT patchbay
PROMPT 0
TIMEOUT 0
LABEL patchbay
  LINUX /vmlinuz
  INITRD /initrd.gz
  APPEND $GUEST_IMAGE_CMDLINE
EOF
    local kib
    kib=$(( ($(stat -c %s vmlinuz) + $(stat -c %s initrd.gz)) / 1024 + 1024 ))
    kib=$(( (kib + 1023) / 1024 * 1024 ))
    mkfs.vfat -C -n PATCHBAY -i 50424759 boot.img "$kib" >/dev/null
    export MTOOLS_SKIP_CHECK=1
    mcopy -i boot.img vmlinuz initrd.gz syslinux.cfg ::/
    syslinux --install boot.img

    qemu-img convert -f raw -O qcow2 boot.img "$out/.guest.qcow2.tmp"
    # A rename: a QEMU still reading the previous image keeps it.
    mv -f "$out/.guest.qcow2.tmp" "$image"
    echo "$key" >"$out/guest.key"
    guest_image_fingerprint >"$out/guest.fingerprint"
    guest_image_log "built $image ($(du -k "$image" | cut -f 1) KiB; kernel $(stat -c %s vmlinuz) B, initramfs $(stat -c %s initrd.gz) B) in $((SECONDS - t0)) s"
    echo "$image"
)

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    [ $# -eq 1 ] || { echo "usage: $0 OUT_DIR" >&2; exit 2; }
    guest_image_build "$1"
fi
