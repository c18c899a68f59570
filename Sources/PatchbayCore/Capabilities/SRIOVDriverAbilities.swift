/// The VF settings a PF driver honours through `ip link set … vf N`, as the upstream kernel
/// drivers implement their `ndo_set_vf_*` callbacks. An unknown driver is assumed to honour none,
/// so nothing is promised that the NIC may silently ignore.
public struct SRIOVDriverAbilities: Sendable, Codable, Hashable {
    /// `trust on|off` (`ndo_set_vf_trust`).
    public var trust: Bool
    /// `spoofchk on|off` (`ndo_set_vf_spoofchk`).
    public var spoofCheck: Bool
    /// `max_tx_rate` (`ndo_set_vf_rate` with a maximum).
    public var maxTxRate: Bool
    /// `min_tx_rate` (`ndo_set_vf_rate` with a guaranteed minimum).
    public var minTxRate: Bool

    /// Creates an explicit record.
    public init(trust: Bool, spoofCheck: Bool, maxTxRate: Bool, minTxRate: Bool) {
        self.trust = trust
        self.spoofCheck = spoofCheck
        self.maxTxRate = maxTxRate
        self.minTxRate = minTxRate
    }

    /// What the named driver honours; nothing for a driver not in the table.
    public init(driver: String?) {
        self = driver.flatMap { Self.known[$0] } ?? SRIOVDriverAbilities(trust: false, spoofCheck: false,
                                                                          maxTxRate: false, minTxRate: false)
    }

    /// Upstream Linux PF drivers. Intel's igb, ixgbe and i40e cap a VF's rate but cannot
    /// guarantee one (Neutron's SR-IOV QoS guide lists only maximum rules for them).
    static let known: [String: SRIOVDriverAbilities] = [
        "igb": SRIOVDriverAbilities(trust: true, spoofCheck: true, maxTxRate: true, minTxRate: false),
        "ixgbe": SRIOVDriverAbilities(trust: true, spoofCheck: true, maxTxRate: true, minTxRate: false),
        "i40e": SRIOVDriverAbilities(trust: true, spoofCheck: true, maxTxRate: true, minTxRate: false),
        "ice": SRIOVDriverAbilities(trust: true, spoofCheck: true, maxTxRate: true, minTxRate: true),
        "mlx5_core": SRIOVDriverAbilities(trust: true, spoofCheck: true, maxTxRate: true, minTxRate: true),
        "bnxt_en": SRIOVDriverAbilities(trust: true, spoofCheck: true, maxTxRate: true, minTxRate: true),
    ]
}
