/// The binding of a port to a host: inputs set by Nova or an admin, outputs set by the
/// mechanism driver that bound it, and the reason when none could.
public struct PortBinding: Sendable, Codable, Hashable {
    /// `binding:host_id`; empty means unbound.
    public var hostId: String
    /// `binding:vnic_type`, stored as its wire string.
    public var vnicType: String
    /// `binding:profile`, the caller's free-form dict.
    public var profile: [String: JSONValue]
    /// `binding:vif_type`.
    public var vifType: String
    /// `binding:vif_details`.
    public var vifDetails: [String: JSONValue]
    /// Patchbay extension: why the last binding failed, nil when bound or unbound.
    public var failureReason: String?
    /// The segment the port was bound to, if bound.
    public var boundSegment: Segment?
    /// The driver that bound the port, if bound.
    public var boundDriver: String?

    /// An unbound `normal` binding.
    public init(hostId: String = "", vnicType: String = "normal", profile: [String: JSONValue] = [:],
                vifType: String = "unbound", vifDetails: [String: JSONValue] = [:], failureReason: String? = nil,
                boundSegment: Segment? = nil, boundDriver: String? = nil) {
        self.hostId = hostId
        self.vnicType = vnicType
        self.profile = profile
        self.vifType = vifType
        self.vifDetails = vifDetails
        self.failureReason = failureReason
        self.boundSegment = boundSegment
        self.boundDriver = boundDriver
    }

    /// This binding with its outputs cleared, as Neutron does before a rebind.
    public func cleared() -> PortBinding {
        PortBinding(hostId: hostId, vnicType: vnicType, profile: profile)
    }
}
