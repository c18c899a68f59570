/// One step the L2 reconciler asks its executor to perform, in the order returned.
///
/// Each case names the iproute2 command that performs it.
public enum L2Action: Hashable, Sendable, CustomStringConvertible {
    /// Equivalent to: `ip link add $name type bridge`
    case createBridge(String)
    /// Equivalent to: `ip link add $name type vxlan id $vni local $localIP dstport 4789 nolearning [dev $underlay]`
    case createVXLAN(name: String, vni: Int, localIP: String, underlay: String?)
    /// Equivalent to: `bridge fdb append 00:00:00:00:00:00 dev $device dst $peer`
    case addFloodPeer(device: String, peer: String)
    /// Equivalent to: `bridge fdb del 00:00:00:00:00:00 dev $device dst $peer`
    case removeFloodPeer(device: String, peer: String)
    /// Equivalent to: `ip link set dev $device master $bridge`
    case enslave(device: String, bridge: String)
    /// Equivalent to: `ip link set dev $device up`
    case setUp(String)
    /// Attaches (or removes) the tc programs that make `device` an access port of `vlan`:
    /// `tc qdisc add dev $device clsact` and `tc filter replace dev $device ingress|egress … bpf da
    /// object-pinned …`, or `tc qdisc del dev $device clsact` for `.none`.
    case setAccessVLAN(device: String, vlan: AccessVLAN)
    /// Equivalent to: `ip tuntap add dev $name mode tap vnet_hdr`: a persistent, single-queue
    /// tap that QEMU opens later (libvirt asks for `vnet_hdr` on virtio NICs and for
    /// `multi_queue` only with `<driver queues>`, which Patchbay never renders).
    case createTap(String)
    /// Equivalent to: `ip link add link $source name $name address $mac type macvtap mode $mode`
    case createMacvtap(name: String, source: String, mode: String, mac: String)
    /// Equivalent to: `ip link set dev $device address $mac` (a passthru macvtap sets its lower
    /// device's MAC too).
    case setMAC(device: String, mac: String)
    /// Equivalent to: `ip link del dev $name`
    case deleteLink(String)

    /// The device this action changes.
    public var device: String {
        switch self {
        case .createBridge(let name), .createTap(let name), .setUp(let name), .deleteLink(let name): name
        case .createVXLAN(let name, _, _, _), .createMacvtap(let name, _, _, _): name
        case .addFloodPeer(let device, _), .removeFloodPeer(let device, _),
             .enslave(let device, _), .setAccessVLAN(let device, _), .setMAC(let device, _): device
        }
    }

    /// The action in words, e.g. `create macvtap mvt1234 on eth9 (mode bridge, mac fa:16:3e:…)`.
    public var description: String {
        switch self {
        case .createBridge(let name): "create bridge \(name)"
        case .createTap(let name): "create tap \(name)"
        case .createVXLAN(let name, let vni, let local, let underlay):
            "create vxlan \(name) (vni \(vni), local \(local)\(underlay.map { ", dev \($0)" } ?? ""))"
        case .addFloodPeer(let device, let peer): "add flood peer \(peer) to \(device)"
        case .removeFloodPeer(let device, let peer): "remove flood peer \(peer) from \(device)"
        case .enslave(let device, let bridge): "enslave \(device) to \(bridge)"
        case .setUp(let name): "set \(name) up"
        case .setAccessVLAN(let device, let vlan): "set access vlan of \(device) to \(vlan)"
        case .createMacvtap(let name, let source, let mode, let mac):
            "create macvtap \(name) on \(source) (mode \(mode), mac \(mac))"
        case .setMAC(let device, let mac): "set mac of \(device) to \(mac)"
        case .deleteLink(let name): "delete link \(name)"
        }
    }
}
