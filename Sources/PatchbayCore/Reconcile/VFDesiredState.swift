/// What the server wants for a port bound to a VF: where the VF is and how it must be set.
public struct VFDesiredState: Hashable, Sendable {
    /// The VF the port is bound to.
    public var id: VFID
    /// The Neutron port that owns the VF.
    public var portID: String
    /// The settings the VF must have.
    public var settings: VFSettings

    /// The physical function's netdev.
    public var pf: String { id.pf }
    /// The VF number on the PF.
    public var vf: Int { id.vf }

    /// Creates a desired state with explicit settings.
    public init(pf: String, vf: Int, portID: String, settings: VFSettings) {
        self.id = VFID(pf: pf, vf: vf)
        self.portID = portID
        self.settings = settings
    }

    /// Derives the VF settings from the port the way Neutron's SR-IOV agent does.
    ///
    /// - `portSecurityEnabled` → spoof checking; `trusted` (the binding profile's) → trust.
    /// - `adminStateUp` → link state `enable` (or `auto` when `propagateUplinkStatus`); down → `disable`.
    /// - `vlan` is the segment's VLAN (0 for flat); rates are in Mbps, 0 for none.
    public init(pf: String, vf: Int, portID: String, mac: String, vlan: Int = 0, qos: Int = 0,
                portSecurityEnabled: Bool = true, trusted: Bool = false, adminStateUp: Bool = true,
                propagateUplinkStatus: Bool = false, minTxRate: Int = 0, maxTxRate: Int = 0) {
        let linkState: VFSettings.LinkState = adminStateUp ? (propagateUplinkStatus ? .auto : .enable) : .disable
        self.init(pf: pf, vf: vf, portID: portID,
                  settings: VFSettings(mac: mac, vlan: vlan, qos: qos, spoofChecking: portSecurityEnabled,
                                       trust: trusted, linkState: linkState,
                                       minTxRate: minTxRate, maxTxRate: maxTxRate))
    }
}
