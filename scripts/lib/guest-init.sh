#!/bin/sh
# /init of the Patchbay test guest (busybox sh, PID 1). Every marker goes to /dev/console
# (ttyS0), one per line:
#   patchbay-guest: booting
#   patchbay-guest: no config drive
#   patchbay-guest: hostname <hostname>
#   patchbay-guest: nic <ifname> <mac> <address>/<prefix>
#   patchbay-guest: ready
#   patchbay-guest: user-data done <exit status>
#   patchbay-guest: error <what>
# Steps: load the modules; find the config drive (ISO 9660 labelled config-2 on /dev/vd*,
# /dev/sr* or /dev/sd*) and apply meta_data.json and network_data.json (Nova's format); serve
# UDP echo on port 7 (the kernel answers pings); print ready; then run user_data with /bin/sh,
# its output on the console. A failed step prints an error and the next one runs. PID 1 never
# exits. With patchbay.verbose on the kernel command line, kernel messages stay on the console.

export PATH=/bin:/sbin:/usr/bin:/usr/sbin
umask 022

mount -t devtmpfs devtmpfs /dev 2>/dev/null
exec </dev/console >/dev/console 2>&1
# Lines end in "\n" alone (no "\r"), so each marker is an exact line of the console log.
stty -onlcr 2>/dev/null

say() { echo "patchbay-guest: $*"; }
fail() { say "error $*"; }

mount -t proc proc /proc || fail "mount /proc"
mount -t sysfs sysfs /sys || fail "mount /sys"
mount -t tmpfs -o mode=0755 tmpfs /run || fail "mount /run"
mkdir -p /dev/pts /dev/shm /run/patchbay
# Kernel messages would interleave with the markers: keep them off the console from here on,
# unless the kernel command line has patchbay.verbose.
case " $(cat /proc/cmdline 2>/dev/null) " in
    *" patchbay.verbose "*) ;;
    *) dmesg -n 1 2>/dev/null ;;
esac

while read -r m; do
    [ -n "$m" ] || continue
    insmod "/lib/modules/$m" 2>/dev/null || fail "insmod ${m%.ko}"
done </etc/patchbay-modules
ip link set dev lo up 2>/dev/null || fail "lo up"
say "booting"

# --- JSON --------------------------------------------------------------------------------
# Flattens a JSON document into "path=value" lines: objects by key, arrays by index, e.g.
# links.0.ethernet_mac_address=fa:16:3e:00:00:01. Exits 1 on malformed input.
json_flat() {
    awk '
    function ws() { while (p <= n && index(" \t\r\n", substr(s, p, 1)) > 0) p++ }
    function hexval(h,   i, v) {
        v = 0; h = tolower(h)
        for (i = 1; i <= length(h); i++) v = v * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1
        return v
    }
    function str(   out, c, e, v) {
        p++; out = ""
        while (p <= n) {
            c = substr(s, p, 1)
            if (c == "\"") { p++; return out }
            if (c == "\\") {
                e = substr(s, p + 1, 1); p += 2
                if (e == "n" || e == "r" || e == "t") out = out " "
                else if (e == "u") {
                    v = hexval(substr(s, p, 4)); p += 4
                    out = out ((v >= 32 && v < 127) ? sprintf("%c", v) : "?")
                }
                else if (e == "b" || e == "f") out = out
                else out = out e
                continue
            }
            out = out c; p++
        }
        bad = 1; return out
    }
    function sub_path(path, k) { return path == "" ? k : path "." k }
    function val(path,   c, i, k, v) {
        ws(); c = substr(s, p, 1)
        if (c == "{") {
            p++; ws()
            if (substr(s, p, 1) == "}") { p++; return }
            while (p <= n) {
                ws()
                if (substr(s, p, 1) != "\"") { bad = 1; return }
                k = str(); ws()
                if (substr(s, p, 1) != ":") { bad = 1; return }
                p++
                val(sub_path(path, k))
                if (bad) return
                ws(); c = substr(s, p, 1); p++
                if (c == "}") return
                if (c != ",") { bad = 1; return }
            }
            bad = 1
        } else if (c == "[") {
            p++; ws(); i = 0
            if (substr(s, p, 1) == "]") { p++; return }
            while (p <= n) {
                val(sub_path(path, i)); i++
                if (bad) return
                ws(); c = substr(s, p, 1); p++
                if (c == "]") return
                if (c != ",") { bad = 1; return }
            }
            bad = 1
        } else if (c == "\"") {
            v = str(); print path "=" v
        } else {
            v = ""
            while (p <= n && index(",]} \t\r\n", substr(s, p, 1)) == 0) { v = v substr(s, p, 1); p++ }
            if (v == "") { bad = 1; return }
            print path "=" v
        }
    }
    { s = s $0 "\n" }
    END { n = length(s); p = 1; bad = 0; val(""); if (bad) exit 1 }
    '
}

# jget FLAT KEY: the value of KEY in a flattened document (empty when absent).
jget() { awk -v k="$2=" 'index($0, k) == 1 { print substr($0, length(k) + 1); exit }' "$1"; }
# jhas FLAT PREFIX: whether some key starts with PREFIX.
jhas() { awk -v k="$2" 'index($0, k) == 1 { f = 1; exit } END { exit !f }' "$1"; }

# A netmask (dotted IPv4, IPv6, or already a prefix length) as a prefix length.
mask_to_prefix() {
    awk -v m="$1" 'BEGIN {
        if (m ~ /^[0-9]+$/) { print m; exit }
        b = 0
        if (index(m, ".")) {
            n = split(m, a, ".")
            for (i = 1; i <= n; i++) { x = a[i] + 0; while (x > 0) { b += x % 2; x = int(x / 2) } }
        } else {
            n = split(m, a, ":")
            for (i = 1; i <= n; i++) {
                h = tolower(a[i])
                for (j = 1; j <= length(h); j++) {
                    x = index("0123456789abcdef", substr(h, j, 1)) - 1
                    while (x > 0) { b += x % 2; x = int(x / 2) }
                }
            }
        }
        print b
    }'
}

lower() { echo "$1" | tr 'A-F' 'a-f'; }

# The NIC (a device, not a VLAN on one) whose MAC is $1, waiting up to 5 s for it to appear.
ifname_for_mac() {
    local want tries=0 d
    want=$(lower "$1")
    while [ $tries -lt 20 ]; do
        for d in /sys/class/net/*; do
            [ -e "$d/device" ] || continue
            if [ "$(cat "$d/address")" = "$want" ]; then
                echo "${d##*/}"
                return 0
            fi
        done
        tries=$((tries + 1))
        sleep 0.25
    done
    return 1
}

# Link ids of network_data.json and the interfaces made for them: "id ifname mac" lines.
LINKS=/run/patchbay/links
: >"$LINKS"
link_ifname() { awk -v id="$1" '$1 == id { print $2; exit }' "$LINKS"; }
link_mac() { awk -v id="$1" '$1 == id { print $3; exit }' "$LINKS"; }

# --- Config drive -------------------------------------------------------------------------
# An ISO 9660 volume labelled config-2: "CD001" at byte 1 and the volume id at bytes 40-71 of
# the primary volume descriptor (sector 16 of 2048 bytes).
is_config_drive() {
    local label
    dd if="$1" of=/run/patchbay/pvd bs=2048 skip=16 count=1 2>/dev/null || return 1
    [ "$(dd if=/run/patchbay/pvd bs=1 skip=1 count=5 2>/dev/null)" = "CD001" ] || return 1
    label=$(dd if=/run/patchbay/pvd bs=1 skip=40 count=32 2>/dev/null | tr -d ' \000' | tr 'A-Z' 'a-z')
    [ "$label" = "config-2" ]
}

find_config_drive() {
    local tries=0 dev
    while [ $tries -lt 16 ]; do
        for dev in /dev/vd* /dev/sr* /dev/sd*; do
            [ -b "$dev" ] || continue
            if is_config_drive "$dev"; then
                echo "$dev"
                return 0
            fi
        done
        tries=$((tries + 1))
        sleep 0.5
    done
    return 1
}

CONFIG=""
if dev=$(find_config_drive); then
    if mount -t iso9660 -o ro "$dev" /mnt/config; then
        CONFIG=/mnt/config/openstack/latest
    else
        fail "mount config drive $dev"
    fi
else
    say "no config drive"
fi

# --- meta_data.json -----------------------------------------------------------------------
apply_meta_data() {
    local flat=/run/patchbay/meta_data name
    if [ ! -f "$CONFIG/meta_data.json" ]; then
        fail "no meta_data.json"
        return
    fi
    if ! json_flat <"$CONFIG/meta_data.json" >"$flat"; then
        fail "malformed meta_data.json"
        return
    fi
    name=$(jget "$flat" hostname)
    if [ -z "$name" ]; then
        fail "no hostname in meta_data.json"
        return
    fi
    hostname "$name" 2>/dev/null || fail "hostname $name"
    say "hostname $name"
}

# --- network_data.json --------------------------------------------------------------------
configure_link() {
    local i=$1 id type mac mtu ifn parent vid
    id=$(jget "$FLAT" "links.$i.id")
    type=$(jget "$FLAT" "links.$i.type")
    mac=$(jget "$FLAT" "links.$i.ethernet_mac_address")
    mtu=$(jget "$FLAT" "links.$i.mtu")
    if [ -n "$mac" ]; then
        if ! ifn=$(ifname_for_mac "$mac"); then
            fail "no interface with MAC $mac for link $id"
            return
        fi
        mac=$(lower "$mac")
    elif [ "$type" = vlan ]; then
        parent=$(link_ifname "$(jget "$FLAT" "links.$i.vlan_link")")
        vid=$(jget "$FLAT" "links.$i.vlan_id")
        if [ -z "$parent" ] || [ -z "$vid" ]; then
            fail "vlan link $id: no parent interface or vlan id"
            return
        fi
        ifn="$parent.$vid"
        if ! ip link add link "$parent" name "$ifn" type vlan id "$vid" 2>/dev/null &&
            ! vconfig add "$parent" "$vid" >/dev/null 2>&1; then
            fail "vlan link $id: cannot create $ifn"
            return
        fi
        mac=$(jget "$FLAT" "links.$i.vlan_mac_address")
        if [ -n "$mac" ]; then
            mac=$(lower "$mac")
            [ "$(cat "/sys/class/net/$ifn/address" 2>/dev/null)" = "$mac" ] ||
                ip link set dev "$ifn" address "$mac" || fail "vlan link $id: address $mac"
        else
            mac=$(cat "/sys/class/net/$ifn/address" 2>/dev/null)
        fi
    else
        fail "link $id: type $type not supported"
        return
    fi
    if [ -n "$mtu" ]; then
        ip link set dev "$ifn" mtu "$mtu" || fail "link $id: mtu $mtu on $ifn"
    fi
    ip link set dev "$ifn" up || fail "link $id: $ifn up"
    echo "$id $ifn $mac" >>"$LINKS"
}

add_routes() {
    local j=$1 ifn=$2 family=$3 k=0 net rmask gw rprefix dest
    while jhas "$FLAT" "networks.$j.routes.$k."; do
        net=$(jget "$FLAT" "networks.$j.routes.$k.network")
        rmask=$(jget "$FLAT" "networks.$j.routes.$k.netmask")
        gw=$(jget "$FLAT" "networks.$j.routes.$k.gateway")
        k=$((k + 1))
        rprefix=$(mask_to_prefix "$rmask")
        if [ "$rprefix" = 0 ]; then
            if [ "$family" = ipv4 ]; then dest=default; else dest=::/0; fi
        else
            dest="$net/$rprefix"
        fi
        if [ -n "$gw" ]; then
            ip route add "$dest" via "$gw" dev "$ifn" || fail "route $dest via $gw dev $ifn"
        else
            ip route add "$dest" dev "$ifn" || fail "route $dest dev $ifn"
        fi
    done
}

configure_network() {
    local j=$1 id type link ifn addr mask prefix
    id=$(jget "$FLAT" "networks.$j.id")
    type=$(jget "$FLAT" "networks.$j.type")
    link=$(jget "$FLAT" "networks.$j.link")
    case "$type" in
        ipv4 | ipv6) ;;
        *)
            fail "network $id: type $type not supported"
            return
            ;;
    esac
    ifn=$(link_ifname "$link")
    if [ -z "$ifn" ]; then
        fail "network $id: link $link has no interface"
        return
    fi
    addr=$(jget "$FLAT" "networks.$j.ip_address")
    mask=$(jget "$FLAT" "networks.$j.netmask")
    if [ -z "$addr" ]; then
        fail "network $id: no ip_address"
        return
    fi
    case "$addr" in
        */*) prefix=${addr#*/} addr=${addr%/*} ;;
        *) prefix=$(mask_to_prefix "${mask:-32}") ;;
    esac
    if [ "$type" = ipv6 ] && [ -z "$mask" ] && [ "$prefix" = 32 ]; then prefix=64; fi
    if ! ip addr add "$addr/$prefix" dev "$ifn"; then
        fail "network $id: address $addr/$prefix on $ifn"
        return
    fi
    say "nic $ifn $(link_mac "$link") $addr/$prefix"
    add_routes "$j" "$ifn" "$type"
}

apply_network_data() {
    FLAT=/run/patchbay/network_data
    if [ ! -f "$CONFIG/network_data.json" ]; then
        fail "no network_data.json"
        return
    fi
    if ! json_flat <"$CONFIG/network_data.json" >"$FLAT"; then
        fail "malformed network_data.json"
        return
    fi
    # Links with a MAC first, then those (VLANs) that name another link as their parent.
    local i=0 j=0
    while jhas "$FLAT" "links.$i."; do
        if jhas "$FLAT" "links.$i.ethernet_mac_address="; then configure_link "$i"; fi
        i=$((i + 1))
    done
    i=0
    while jhas "$FLAT" "links.$i."; do
        if ! jhas "$FLAT" "links.$i.ethernet_mac_address="; then configure_link "$i"; fi
        i=$((i + 1))
    done
    while jhas "$FLAT" "networks.$j."; do
        configure_network "$j"
        j=$((j + 1))
    done
    # Name servers: the top-level services and each network's.
    grep -E '^(networks\.[0-9]+\.)?services\.[0-9]+\.' "$FLAT" | awk -F= '
        { n = split($1, p, "."); k = $1; sub(/\.[a-z_]+$/, "", k); v[k, p[n]] = $2; keys[k] = 1 }
        END { for (k in keys) if (v[k, "type"] == "dns" && v[k, "address"] != "" && !seen[v[k, "address"]]++) print "nameserver " v[k, "address"] }
    ' >/etc/resolv.conf 2>/dev/null || fail "resolv.conf"
}

if [ -n "$CONFIG" ]; then
    apply_meta_data
    apply_network_data
fi

# --- UDP echo and ready -------------------------------------------------------------------
# inetd's built-in echo service answers each datagram on port 7, IPv4 and IPv6; a loop
# restarts inetd should it ever exit.
(
    while :; do
        inetd -d -p /etc/inetd.conf >/dev/null 2>&1
        echo "patchbay-guest: error udp echo exited"
        sleep 1
    done
) &
tries=0
until grep -q '^ *[0-9]*: 0\{32\}:0007 ' /proc/net/udp6 2>/dev/null; do
    tries=$((tries + 1))
    if [ $tries -gt 50 ]; then
        fail "udp echo not listening"
        break
    fi
    sleep 0.1
done

say "ready"

if [ -n "$CONFIG" ] && [ -f "$CONFIG/user_data" ]; then
    (
        cp "$CONFIG/user_data" /run/patchbay/user_data 2>/dev/null || fail "copy user_data"
        /bin/sh /run/patchbay/user_data </dev/null
        say "user-data done $?"
    ) &
fi

while :; do
    sleep 3600
done
