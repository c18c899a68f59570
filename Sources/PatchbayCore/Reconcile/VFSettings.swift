/// The settings of one VF as the PF driver holds them (`ip link show $pf` prints one `vf N` line of them).
public struct VFSettings: Hashable, Sendable, Codable {
    /// The administrative link state of a VF.
    public enum LinkState: String, Hashable, Sendable, Codable, CaseIterable {
        /// Follows the PF's physical link.
        case auto
        /// Always up, whatever the PF's link.
        case enable
        /// Always down.
        case disable
    }

    /// The MAC address in lower case, `00:00:00:00:00:00` when unset.
    public var mac: String
    /// The 802.1Q VLAN id; 0 means untagged.
    public var vlan: Int
    /// The 802.1p priority used with `vlan`.
    public var qos: Int
    /// Whether the PF drops frames the VF sends from other MACs.
    public var spoofChecking: Bool
    /// Whether the VF may change its MAC or enter promiscuous mode.
    public var trust: Bool
    /// The administrative link state.
    public var linkState: LinkState
    /// The guaranteed minimum transmit rate in Mbps; 0 means none.
    public var minTxRate: Int
    /// The maximum transmit rate in Mbps; 0 means unlimited.
    public var maxTxRate: Int

    /// The MAC a VF has before anyone sets one.
    public static let zeroMAC = "00:00:00:00:00:00"

    /// The settings of a freshly created VF: no MAC, untagged, spoof checking on, trust off, link auto.
    public static let defaults = VFSettings()

    /// Creates settings; every parameter defaults to what a new VF has.
    public init(mac: String = VFSettings.zeroMAC, vlan: Int = 0, qos: Int = 0, spoofChecking: Bool = true,
                trust: Bool = false, linkState: LinkState = .auto, minTxRate: Int = 0, maxTxRate: Int = 0) {
        self.mac = mac.lowercased()
        self.vlan = vlan
        self.qos = qos
        self.spoofChecking = spoofChecking
        self.trust = trust
        self.linkState = linkState
        self.minTxRate = minTxRate
        self.maxTxRate = maxTxRate
    }

    /// Every field as a change, in the order `ip link set … vf N …` takes them.
    public var allChanges: [VFSettingChange] {
        [.mac(mac), .vlan(vlan, qos: qos), .spoofChecking(spoofChecking), .trust(trust),
         .linkState(linkState), .txRate(min: minTxRate, max: maxTxRate)]
    }

    /// Only the changes that turn `self` into `target`; empty when they are equal.
    public func changes(to target: VFSettings) -> [VFSettingChange] {
        let current = allChanges
        return target.allChanges.enumerated().filter { $0.element != current[$0.offset] }.map(\.element)
    }

    /// These settings with `changes` applied in order.
    public func applying(_ changes: [VFSettingChange]) -> VFSettings {
        var result = self
        for change in changes {
            switch change {
            case .mac(let mac): result.mac = mac.lowercased()
            case .vlan(let vlan, let qos): (result.vlan, result.qos) = (vlan, qos)
            case .spoofChecking(let on): result.spoofChecking = on
            case .trust(let on): result.trust = on
            case .linkState(let state): result.linkState = state
            case .txRate(let min, let max): (result.minTxRate, result.maxTxRate) = (min, max)
            }
        }
        return result
    }
}
