/// An operator-declared 802.1Qbh port profile: a name the upstream switch understands, and the
/// VLAN it puts traffic on when the operator has told Patchbay which one that is.
public struct PortProfile: Sendable, Hashable, Codable {
    /// The profile id the switch knows (libvirt's `<virtualport type='802.1Qbh'>` `profileid`).
    public var id: String
    /// The VLAN the profile carries, if declared; a bound segment must then be that VLAN.
    public var vlan: Int?

    /// Creates a profile.
    public init(id: String, vlan: Int? = nil) {
        self.id = id
        self.vlan = vlan
    }

    /// Why `segment` contradicts this profile, or nil when the profile is compatible with it.
    ///
    /// A profile with no declared VLAN is compatible with every segment.
    public func conflict(with segment: Segment) -> String? {
        guard let vlan else { return nil }
        if segment.networkType == .vlan, segment.segmentationId == vlan { return nil }
        return "port profile \(id) carries VLAN \(vlan) but the segment is \(Self.describe(segment))"
    }

    /// A short human description of a segment, e.g. `vlan 200 on physnet1`, `flat on physnet1`, `vxlan 5001`.
    static func describe(_ segment: Segment) -> String {
        var text = segment.networkType.rawValue
        if let id = segment.segmentationId { text += " \(id)" }
        if let physnet = segment.physicalNetwork { text += " on \(physnet)" }
        return text
    }
}
