/// The layer-2 data plane as a pure function: port intents and the host's links in, actions out.
///
/// Rules, in the order the actions come out:
/// 1. stale devices go: a macvtap named `mvt…` without an intent, a tap (`tun`) named like a port's
///    tap (`tap` + 8 hex digits, `-`, 2 hex digits) without an intent once no process holds it (no carrier: its guest is gone), and a VXLAN
///    device `vxlan-N` and bridge `pbvx-N` whose VNI no intent uses;
/// 2. each physnet bridge is created if missing and set up; its uplinks are enslaved and set up;
/// 3. each VNI's bridge and VXLAN device are created if missing (the device is recreated when
///    its VNI, local address or underlay differ), enslaved and set up, and its flood peers are
///    made equal to the union of its intents' peers (the local address excluded);
/// 4. per port, in port id order: a missing tap is created (a persistent tap that the guest's
///    QEMU opens later); the tap gets its access VLAN programs, *then* its bridge and the up
///    flag, so it is never on a bridge unfiltered; a macvtap is created on its source with the
///    port's MAC and mode when missing, recreated when its mode or parent differ, given the
///    port's MAC in place when only that differs (a passthru macvtap inherits its lower device's
///    MAC at creation, and a running guest keeps its macvtap), and set up.
///
/// Only what differs produces an action, so planning again over the resulting state gives none.
/// When two intents share a port id, the first one counts.
public enum L2Reconciler {
    /// The actions that bring `actual` to what `intents` ask for, and which ports that makes ready.
    public static func plan(intents: [L2PortIntent], actual: HostLinkState) -> L2Plan {
        var seen: Set<String> = []
        let ordered = intents.filter { seen.insert($0.portID).inserted }.sorted { $0.portID < $1.portID }
        var builder = L2PlanBuilder(state: actual)
        builder.deleteStaleDevices(keeping: ordered)
        builder.prepareBridges(for: ordered)
        builder.prepareVXLANs(for: ordered)
        for intent in ordered { builder.wire(intent) }
        return builder.plan
    }

    /// The VXLAN VNI a device or bridge name belongs to (`vxlan-N`, `pbvx-N`), or nil.
    static func vni(in name: String, prefix: String) -> Int? {
        guard name.hasPrefix(prefix), let vni = Int(name.dropFirst(prefix.count)), vni >= 0 else { return nil }
        return vni
    }
}
