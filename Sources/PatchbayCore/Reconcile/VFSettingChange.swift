/// One field group of a VF to set; each case is one clause of `ip link set $pf vf $vf …`.
///
/// VLAN and QoS, and the two rates, travel together because the kernel sets them together.
public enum VFSettingChange: Hashable, Sendable, Codable {
    /// Equivalent to: `ip link set $pf vf $vf mac $mac`
    case mac(String)
    /// Equivalent to: `ip link set $pf vf $vf vlan $vlan qos $qos`
    case vlan(Int, qos: Int)
    /// Equivalent to: `ip link set $pf vf $vf spoofchk on|off`
    case spoofChecking(Bool)
    /// Equivalent to: `ip link set $pf vf $vf trust on|off`
    case trust(Bool)
    /// Equivalent to: `ip link set $pf vf $vf state auto|enable|disable`
    case linkState(VFSettings.LinkState)
    /// Equivalent to: `ip link set $pf vf $vf min_tx_rate $min max_tx_rate $max`
    case txRate(min: Int, max: Int)

    /// The `ip link set $pf vf $vf` arguments for this change, e.g. `["vlan", "100", "qos", "0"]`.
    public var ipArguments: [String] {
        switch self {
        case .mac(let mac): ["mac", mac]
        case .vlan(let vlan, let qos): ["vlan", String(vlan), "qos", String(qos)]
        case .spoofChecking(let on): ["spoofchk", on ? "on" : "off"]
        case .trust(let on): ["trust", on ? "on" : "off"]
        case .linkState(let state): ["state", state.rawValue]
        case .txRate(let min, let max): ["min_tx_rate", String(min), "max_tx_rate", String(max)]
        }
    }
}
