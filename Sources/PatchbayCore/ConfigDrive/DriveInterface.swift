/// One NIC of the guest as its `network_data.json` describes it.
public struct DriveInterface: Sendable, Hashable {
    /// How the NIC reaches the guest.
    public enum Kind: String, Sendable, Hashable {
        /// A device passed through (an SR-IOV VF or a whole PF): link type `phy`.
        case physical = "phy"
        /// A virtio NIC (bridge, tap or macvtap): link type `vif`.
        case virtual = "vif"
    }

    /// The Neutron port id (`vif_id`).
    public var portId: String
    /// The NIC's MAC address.
    public var macAddress: String
    /// The network's MTU.
    public var mtu: Int
    /// Physical or virtual.
    public var kind: Kind
    /// The VLAN the guest itself must tag on this NIC (a VLAN link on top of it), if any.
    public var guestVLAN: Int?
    /// The Neutron network id.
    public var networkId: String
    /// The port's fixed IPs with their subnets.
    public var addresses: [DriveAddress]

    /// Creates an interface.
    public init(portId: String, macAddress: String, mtu: Int, kind: Kind, guestVLAN: Int? = nil, networkId: String,
                addresses: [DriveAddress]) {
        self.portId = portId
        self.macAddress = macAddress
        self.mtu = mtu
        self.kind = kind
        self.guestVLAN = guestVLAN
        self.networkId = networkId
        self.addresses = addresses
    }

    /// The kind for a port bound with `vnicType`: passthrough for `direct` and `direct-physical`.
    public static func kind(of vnicType: VnicType) -> Kind {
        switch vnicType {
        case .direct, .directPhysical: .physical
        case .normal, .macvtap: .virtual
        }
    }
}
