/// A TaaS tap flow: mirrors a source port's traffic to a tap service.
public struct TapFlow: Sendable, Codable, Hashable, Identifiable {
    /// The flow's UUID.
    public var id: String
    /// The owning project (`tenant_id` on the wire).
    public var projectId: String
    /// The service the traffic goes to.
    public var tapServiceId: String
    /// Display name.
    public var name: String
    /// Free-form description.
    public var description: String
    /// The mirrored port.
    public var sourcePort: String
    /// Which traffic is mirrored.
    public var direction: TapDirection
    /// `vlan_filter` as the caller wrote it (already validated), or nil for every VLAN.
    public var vlanFilter: String?
    /// What the agents last reported.
    public var status: TapStatus
    /// Why the agent reported `ERROR`, if it said.
    public var statusReason: String?

    /// Creates a tap flow, `DOWN`.
    public init(id: String, projectId: String, tapServiceId: String, name: String = "", description: String = "",
                sourcePort: String, direction: TapDirection, vlanFilter: String? = nil,
                status: TapStatus = .down, statusReason: String? = nil) {
        self.id = id
        self.projectId = projectId
        self.tapServiceId = tapServiceId
        self.name = name
        self.description = description
        self.sourcePort = sourcePort
        self.direction = direction
        self.vlanFilter = vlanFilter
        self.status = status
        self.statusReason = statusReason
    }
}
