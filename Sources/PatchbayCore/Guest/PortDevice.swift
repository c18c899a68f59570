/// The host device a guest NIC uses, when the host agent creates and owns it: one owner per
/// device, so libvirt only opens it (`<interface type='ethernet'>` with `managed='no'`).
///
/// This is the one place device names are derived from port ids; the L2 planner, the host
/// planner and the domain renderer all ask here.
public enum PortDevice: Hashable, Sendable {
    /// A tap (`tap` + 11 characters of the port id) that the agent creates, filters and enslaves
    /// to the port's bridge before the guest starts.
    case tap(String)
    /// A macvtap (`mvt` + 11 characters of the port id) that the agent creates on the port's
    /// lower device, with the port's MAC and mode.
    case macvtap(String)

    /// The device name.
    public var name: String {
        switch self {
        case .tap(let name), .macvtap(let name): name
        }
    }

    /// Every tap the agent owns starts with this prefix (it is also Nova's).
    public static let tapPrefix = "tap"
    /// Every macvtap the agent owns starts with this prefix.
    public static let macvtapPrefix = "mvt"

    /// `tap` and the first 11 characters of the port id (at most 14 bytes, within IFNAMSIZ).
    public static func tapName(portID: String) -> String { tapPrefix + String(portID.prefix(11)) }

    /// Whether `name` has the shape of a port's tap: `tap` and the first 11 characters of a
    /// UUID (8 hex digits, `-`, 2 hex digits). Only such taps are ever deleted by the agent.
    public static func isPortTapName(_ name: String) -> Bool {
        let characters = Array(name)
        guard characters.count == 14, name.hasPrefix(tapPrefix) else { return false }
        return characters[3..<11].allSatisfy(\.isHexDigit) && characters[11] == "-" && characters[12...].allSatisfy(\.isHexDigit)
    }

    /// `mvt` and the first 11 characters of the port id.
    public static func macvtapName(portID: String) -> String { macvtapPrefix + String(portID.prefix(11)) }

    /// The agent-owned device of a bound port, or nil when the agent creates none for it:
    /// - `bridge` → its tap;
    /// - `macvtap` (ML2 macvtap agent) → its macvtap on `macvtap_source`;
    /// - `hw_veb` with vnic `macvtap` → its passthrough macvtap on the VF's netdev, unless the
    ///   binding carries an 802.1Qbh `profileid`, which only libvirt's own `direct` interface can
    ///   associate (then libvirt owns that macvtap and the agent creates none);
    /// - anything else (`ethernet`, hostdev shapes, `802.1qbg`/`802.1qbh`) → nil.
    public static func agentOwned(portID: String, vifType: String, vnicType: String,
                                  vifDetails: [String: JSONValue]) -> PortDevice? {
        switch vifType {
        case "bridge": return .tap(tapName(portID: portID))
        case "macvtap": return .macvtap(macvtapName(portID: portID))
        case "hw_veb" where vnicType == VnicType.macvtap.rawValue:
            let profile = vifDetails["profileid"]
            return profile == nil || profile?.isNull == true ? .macvtap(macvtapName(portID: portID)) : nil
        default: return nil
        }
    }
}
