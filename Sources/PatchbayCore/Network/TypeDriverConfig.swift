/// A configured VLAN range on one physical network (`network_vlan_ranges` entry).
public struct VlanRange: Sendable, Hashable {
    /// The physical network the VLAN ids belong to.
    public var physnet: String
    /// The allocatable VLAN ids on that physical network.
    public var range: ClosedRange<Int>

    /// Creates a range; a bare physnet in the config means `TypeDriverConfig.vlanIdBounds`.
    public init(physnet: String, range: ClosedRange<Int> = TypeDriverConfig.vlanIdBounds) {
        self.physnet = physnet
        self.range = range
    }
}

/// The ML2 type driver settings that decide which segments a network may get.
public struct TypeDriverConfig: Sendable, Hashable {
    /// Which physical networks flat provider networks may use (`flat_networks`).
    public enum FlatNetworks: Sendable, Hashable {
        /// `*`: any physical network.
        case any
        /// Only the listed physical networks; an empty list disables flat networks.
        case only([String])

        /// Whether a flat network may be created on `physnet`.
        public func allows(_ physnet: String) -> Bool {
            switch self {
            case .any: true
            case .only(let names): names.contains(physnet)
            }
        }
    }

    /// Every valid VLAN id (802.1Q, excluding 0 and 4095).
    public static let vlanIdBounds: ClosedRange<Int> = 1...4094
    /// Every valid VXLAN network identifier (24 bits, excluding 0).
    public static let vniBounds: ClosedRange<Int> = 1...16_777_215

    /// VLAN ranges in config order; a physnet may appear several times.
    public var vlanRanges: [VlanRange]
    /// The physical networks allowed for flat networks.
    public var flatNetworks: FlatNetworks
    /// Allocatable VNIs for project VXLAN networks.
    public var vniRanges: [ClosedRange<Int>]
    /// The types tried, in order, for a network created without provider attributes.
    public var projectNetworkTypes: [NetworkType]

    /// Creates a configuration; defaults match an empty `ml2_conf.ini` (flat allowed anywhere).
    public init(vlanRanges: [VlanRange] = [], flatNetworks: FlatNetworks = .any,
                vniRanges: [ClosedRange<Int>] = [], projectNetworkTypes: [NetworkType] = []) {
        self.vlanRanges = vlanRanges
        self.flatNetworks = flatNetworks
        self.vniRanges = vniRanges
        self.projectNetworkTypes = projectNetworkTypes
    }

    /// The distinct VLAN physical networks, in the order they first appear in the config.
    public var vlanPhysnets: [String] {
        var seen = Set<String>()
        return vlanRanges.map(\.physnet).filter { seen.insert($0).inserted }
    }

    /// All configured VLAN id ranges of one physical network (empty if it is not a VLAN physnet).
    public func vlanRanges(on physnet: String) -> [ClosedRange<Int>] {
        vlanRanges.filter { $0.physnet == physnet }.map(\.range)
    }
}
