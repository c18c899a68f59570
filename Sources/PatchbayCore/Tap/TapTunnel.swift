/// The Patchbay-owned VXLAN device that carries one tap service's copies between the host of a
/// source port and the host of the monitor port, on a VNI of its own (never a tenant's).
///
/// On the source's host it is a mirror target (`TapDeviceKind.vxlan`); on the monitor's host
/// `MirrorRule.remoteDelivery` hands what arrives on it to the monitor's device. It is not on a
/// bridge, so copies reach nothing else.
public struct TapTunnel: Hashable, Sendable {
    /// The tap VNI.
    public var vni: Int
    /// This host's underlay address.
    public var localIP: String
    /// The other host's underlay address.
    public var remoteIP: String
    /// The underlay device.
    public var underlay: String

    /// Creates a tunnel description.
    public init(vni: Int, localIP: String, remoteIP: String, underlay: String) {
        self.vni = vni
        self.localIP = localIP
        self.remoteIP = remoteIP
        self.underlay = underlay
    }

    /// The device name, `pbtap<vni>` (at most 13 bytes).
    public var deviceName: String { TapTunnelEnd.deviceName(vni: vni) }

    /// Equivalent to: `ip link add pbtap<vni> type vxlan id <vni> local <l> remote <r> dstport 4789
    /// dev <underlay>` (these arguments, after `ip`).
    public var ipLinkAddArguments: [String] {
        ["link", "add", deviceName, "type", "vxlan", "id", "\(vni)", "local", localIP, "remote", remoteIP,
         "dstport", "4789", "dev", underlay]
    }
}
