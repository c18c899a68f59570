/// What a tap lets through, enforced by tc programs on it (the bridges are not VLAN aware).
public enum AccessVLAN: Hashable, Sendable, CustomStringConvertible {
    /// No programs: everything passes (VXLAN ports, devices the agent leaves alone).
    case none
    /// A flat-network port: tagged frames are dropped in both directions.
    case flat
    /// An access port of this 802.1Q id: frames from the guest get the tag, frames to the guest
    /// must carry it and lose it; everything else is dropped.
    case vlan(Int)
    /// Programs are attached that are not one of the above (partial or foreign); only ever read
    /// back, never set, so the planner replaces them.
    case unrecognized

    /// `none`, `flat`, `vlan 101` or `unrecognized`.
    public var description: String {
        switch self {
        case .none: "none"
        case .flat: "flat"
        case .vlan(let id): "vlan \(id)"
        case .unrecognized: "unrecognized"
        }
    }
}
