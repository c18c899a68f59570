/// A mechanism driver: decides whether it can bind a port to one segment on the request's host,
/// and if so with which vif type and details. Drivers are pure and never do I/O.
public protocol MechanismDriver: Sendable {
    /// The driver's configuration name, e.g. `sriovnicswitch`; also written to `bound_drivers`.
    var name: String { get }
    /// Tries to bind `request` to `segment` (one of `request.segments`).
    func bind(_ request: BindingRequest, segment: Segment) -> DriverVerdict
}

/// A driver's answer for one segment.
public enum DriverVerdict: Sendable, Equatable {
    /// The driver binds the port with this vif type and details; the port starts in `initialStatus`.
    case bound(vifType: VifType, details: [String: JSONValue], initialStatus: PortStatus)
    /// The driver cannot bind the port to this segment, and says why.
    case refused(String)
}

/// A refusal reason as an error, so a driver's checks can `throw` it and `bind` turns it into
/// `.refused`.
struct DriverRefusal: Error, Sendable, Equatable {
    /// The human-readable reason.
    var reason: String

    init(_ reason: String) { self.reason = reason }
}

extension DriverVerdict {
    /// Runs a driver's checks, turning a thrown refusal into `.refused`.
    static func checking(_ attempt: () throws(DriverRefusal) -> DriverVerdict) -> DriverVerdict {
        do { return try attempt() } catch { return .refused(error.reason) }
    }
}

extension Segment {
    /// The segmentation id as the string Neutron puts in `vif_details.vlan` (`"0"` when absent).
    var vlanDetail: JSONValue { .string(String(segmentationId ?? 0)) }

    /// The physnet of a flat or vlan segment; throws a refusal for a segment without one.
    func requirePhysicalNetwork() throws(DriverRefusal) -> String {
        guard let physnet = physicalNetwork, !physnet.isEmpty else {
            throw DriverRefusal("\(networkType.rawValue) segment has no physical network")
        }
        return physnet
    }
}
