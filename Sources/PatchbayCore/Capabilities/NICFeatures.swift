/// What a NIC's physical function offers its VFs, as the host agent discovers it: counts and
/// speed from sysfs, mirroring from the presence of the driver's mirror files, and the VF
/// settings its driver is known to honour (``SRIOVDriverAbilities``).
///
/// A VF carries its PF's features, so every pool of one PF agrees on them.
public struct NICFeatures: Sendable, Codable, Hashable {
    /// The PF's kernel driver, e.g. `i40e`; nil when none is bound.
    public var driver: String?
    /// `sriov_totalvfs`: how many VFs the PF can have.
    public var totalVFs: Int?
    /// The PF link's speed (`/sys/class/net/<pf>/speed`); nil while the link is down or unknown.
    public var linkSpeedMbps: Int?
    /// Which directions the NIC can mirror a VF's traffic to another VF of the same PF.
    public var mirroring: MirrorSupport
    /// VF settings the driver honours.
    public var abilities: SRIOVDriverAbilities

    /// Creates a feature set.
    public init(driver: String? = nil, totalVFs: Int? = nil, linkSpeedMbps: Int? = nil,
                mirroring: MirrorSupport = MirrorSupport(), abilities: SRIOVDriverAbilities? = nil) {
        self.driver = driver
        self.totalVFs = totalVFs
        self.linkSpeedMbps = linkSpeedMbps
        self.mirroring = mirroring
        self.abilities = abilities ?? SRIOVDriverAbilities(driver: driver)
    }

    /// The requestable capabilities a VF of this PF provides by itself.
    public var capabilities: Set<Capability> {
        var provided: Set<Capability> = []
        if mirroring.ingress { provided.insert(.mirroringIn) }
        if mirroring.egress { provided.insert(.mirroringOut) }
        if mirroring.vlanFilter { provided.insert(.mirroringVLANFilter) }
        if abilities.trust { provided.insert(.trust) }
        if abilities.spoofCheck { provided.insert(.spoofCheck) }
        if abilities.maxTxRate { provided.insert(.maxTxRate) }
        if abilities.minTxRate { provided.insert(.minTxRate) }
        return provided
    }
}

/// Which traffic a NIC can copy from one VF to another.
public struct MirrorSupport: Sendable, Codable, Hashable {
    /// What the VF receives (i40e `ingress_mirror`).
    public var ingress: Bool
    /// What the VF sends (i40e `egress_mirror`).
    public var egress: Bool
    /// Only chosen VLANs (i40e `vlan_mirror`).
    public var vlanFilter: Bool

    /// Creates a mirror support record; nothing by default.
    public init(ingress: Bool = false, egress: Bool = false, vlanFilter: Bool = false) {
        self.ingress = ingress
        self.egress = egress
        self.vlanFilter = vlanFilter
    }

    /// As the capability value `{"in": …, "out": …, "vlan_filter": …}`.
    public var json: JSONValue {
        .object(["in": .bool(ingress), "out": .bool(egress), "vlan_filter": .bool(vlanFilter)])
    }
}
