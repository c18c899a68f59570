/// The result of a binding attempt: the port bound by one driver to one segment, or the reason
/// no driver could bind it.
public enum BindingOutcome: Sendable, Equatable {
    /// A driver bound the port.
    case bound(BoundPort)
    /// Every driver refused; the reason names each driver's refusal.
    case failed(reason: String)

    /// `binding:vif_type` for this outcome (`binding_failed` when it failed).
    public var vifType: VifType {
        switch self {
        case .bound(let port): port.vifType
        case .failed: .bindingFailed
        }
    }

    /// `binding:vif_details` for this outcome (empty when it failed).
    public var vifDetails: [String: JSONValue] {
        switch self {
        case .bound(let port): port.vifDetails
        case .failed: [:]
        }
    }
}

/// A successful binding: what was chosen, by whom, and the status the port starts in.
public struct BoundPort: Sendable, Equatable {
    /// `binding:vif_type`.
    public var vifType: VifType
    /// `binding:vif_details`, including `bound_drivers` and, when in force, `profileid`.
    public var vifDetails: [String: JSONValue]
    /// The segment the port was bound to.
    public var segment: Segment
    /// The name of the driver that bound it.
    public var driverName: String
    /// DOWN until the agent reports the device up, or ACTIVE at once (direct-physical).
    public var initialStatus: PortStatus

    /// Creates a bound port.
    public init(vifType: VifType, vifDetails: [String: JSONValue], segment: Segment, driverName: String,
                initialStatus: PortStatus) {
        self.vifType = vifType
        self.vifDetails = vifDetails
        self.segment = segment
        self.driverName = driverName
        self.initialStatus = initialStatus
    }
}
