/// One network interface as the host reports it (`ip -d link show` of one link).
public struct HostLink: Hashable, Sendable {
    /// The interface name.
    public var name: String
    /// The link kind (`bridge`, `vxlan`, `macvtap`, `veth`, `tun`, …); nil for a plain device.
    public var kind: String?
    /// The bridge the link is enslaved to, if any.
    public var master: String?
    /// Whether the administrative `UP` flag is set.
    public var isUp: Bool
    /// Whether the link has carrier (`LOWER_UP`); a tap has it only while a process (QEMU) holds it.
    public var hasCarrier: Bool
    /// The MAC address in lower case.
    public var mac: String
    /// The device iproute2 names as `link`: a macvtap's lower device, or a veth's peer when it is
    /// in the same namespace.
    public var parent: String?
    /// A macvtap's mode (`bridge`, `vepa`, `private`, `passthru`, `source`).
    public var macvtapMode: String?
    /// A VXLAN device's VNI, source address and underlay device.
    public var vxlan: VXLANSettings?

    /// What `ip -d link show` prints about a VXLAN device.
    public struct VXLANSettings: Hashable, Sendable {
        /// The VNI.
        public var vni: Int
        /// The local VTEP address.
        public var localIP: String?
        /// The underlay device (`dev` at creation), if bound to one.
        public var underlay: String?

        /// Creates VXLAN settings.
        public init(vni: Int, localIP: String?, underlay: String? = nil) {
            self.vni = vni
            self.localIP = localIP
            self.underlay = underlay
        }
    }

    /// Creates a link; the MAC is lower-cased.
    public init(name: String, kind: String?, master: String? = nil, isUp: Bool = false, hasCarrier: Bool = false,
                mac: String = "00:00:00:00:00:00", parent: String? = nil, macvtapMode: String? = nil,
                vxlan: VXLANSettings? = nil) {
        self.name = name
        self.kind = kind
        self.master = master
        self.isUp = isUp
        self.hasCarrier = hasCarrier
        self.mac = mac.lowercased()
        self.parent = parent
        self.macvtapMode = macvtapMode
        self.vxlan = vxlan
    }
}
