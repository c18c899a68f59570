/// A Neutron network: an L2 broadcast domain made of one or more provider segments.
public struct Network: Sendable, Codable, Hashable, Identifiable {
    /// The network's UUID.
    public var id: String
    /// The owning project.
    public var projectId: String
    /// Display name (≤ 255 characters).
    public var name: String
    /// Free-form description.
    public var description: String
    /// Administrative state.
    public var adminStateUp: Bool
    /// Whether every project may use the network.
    public var shared: Bool
    /// `router:external`.
    public var external: Bool
    /// The MTU, computed from the segments unless an admin set it.
    public var mtu: Int
    /// Default `port_security_enabled` for new ports.
    public var portSecurityEnabled: Bool
    /// Provider segments, in order. Never empty once created.
    public var segments: [Segment]
    /// Patchbay extension: the 802.1Qbh port profile that ports inherit unless they name one.
    public var defaultPortProfile: String?
    /// Tags (standard-attr-tag).
    public var tags: [String]
    /// Creation and update times, and the revision counter (standard attributes).
    public var audit: AuditStamp

    /// Creates a network.
    public init(id: String, projectId: String, name: String = "", description: String = "",
                adminStateUp: Bool = true, shared: Bool = false, external: Bool = false, mtu: Int,
                portSecurityEnabled: Bool = true, segments: [Segment], defaultPortProfile: String? = nil,
                tags: [String] = [], audit: AuditStamp) {
        self.id = id
        self.projectId = projectId
        self.name = name
        self.description = description
        self.adminStateUp = adminStateUp
        self.shared = shared
        self.external = external
        self.mtu = mtu
        self.portSecurityEnabled = portSecurityEnabled
        self.segments = segments
        self.defaultPortProfile = defaultPortProfile
        self.tags = tags
        self.audit = audit
    }

    /// The status Neutron reports: networks are always ACTIVE once created.
    public var status: String { "ACTIVE" }

    /// The first segment, which single-segment networks expose as `provider:*`.
    public var primarySegment: Segment? { segments.first }
}
