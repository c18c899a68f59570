/// Which of a source port's traffic a tap flow copies, in TaaS terms (the guest's point of view).
public enum TapDirection: String, Sendable, Codable, Hashable, CaseIterable {
    /// What the source port's guest receives.
    case `in` = "IN"
    /// What the source port's guest sends.
    case out = "OUT"
    /// Both.
    case both = "BOTH"

    /// Whether frames delivered to the guest are copied (`IN`, `BOTH`).
    public var includesReceived: Bool { self != .out }
    /// Whether frames the guest sends are copied (`OUT`, `BOTH`).
    public var includesSent: Bool { self != .in }
}

/// A clsact hook of a device.
public enum TCHook: String, Hashable, Sendable, Comparable {
    /// Frames the device receives (before the stack or a bridge sees them).
    case ingress
    /// Frames the device transmits.
    case egress

    /// Ingress sorts before egress.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs == .ingress && rhs == .egress }
}

/// What a port's host-side device is, which decides where its guest's traffic crosses tc.
public enum TapDeviceKind: String, Hashable, Sendable {
    /// A tap on a bridge (or a veth standing in for it): the guest's frames arrive at the
    /// device's ingress, frames for the guest leave through its egress.
    case tap
    /// A macvtap: the guest's frames are transmitted by the macvtap (its egress), frames for
    /// the guest are received by it (its ingress) before they reach the tap queue.
    case macvtap
    /// A VXLAN device carrying copies to or from another host.
    case vxlan

    /// The hook where the guest's sent frames (`sent == true`) or received frames cross tc.
    ///
    /// The inversion is the point: a tap's ingress is the guest's output.
    public func hook(guestSends sent: Bool) -> TCHook {
        switch self {
        case .tap, .vxlan: sent ? .ingress : .egress
        case .macvtap: sent ? .egress : .ingress
        }
    }

    /// How a frame is handed to this device so that its guest receives it: transmitted by a
    /// tap (`mirred egress`), received by a macvtap (`mirred ingress`, into the guest's queue).
    public var deliveryHook: TCHook {
        switch self {
        case .tap, .vxlan: .egress
        case .macvtap: .ingress
        }
    }
}
