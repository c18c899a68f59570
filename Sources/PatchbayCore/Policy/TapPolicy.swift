/// TaaS's default policy (`ADMIN_OR_PROJECT_MEMBER` for every action, reads included) and the
/// statuses the API shows, as pure decisions.
public enum TapPolicy {
    /// Whether the caller may use tap services and flows at all: admins, and members of the project.
    public static func allows(_ caller: Caller) -> Bool { caller.canWrite }

    /// Throws 403 `PolicyNotAuthorized` for a caller without the member role (a reader).
    public static func require(_ caller: Caller, _ action: String) throws(PatchbayError) {
        guard allows(caller) else { throw PatchbayError.policyNotAuthorized(action) }
    }

    /// Whether a port is bound on a host whose agent has something to wire.
    public static func isBound(_ port: Port?) -> Bool {
        guard let port, !port.binding.hostId.isEmpty else { return false }
        return port.binding.vifType != VifType.unbound.rawValue && port.binding.vifType != VifType.bindingFailed.rawValue
    }

    /// A service is `ACTIVE` once its port is bound and `ACTIVE`, else `DOWN`.
    public static func serviceStatus(port: Port?) -> TapStatus {
        guard let port, isBound(port), port.status == .active else { return .down }
        return .active
    }

    /// A flow shows what its agents reported while both its ports are bound, and `DOWN` otherwise.
    public static func flowStatus(_ flow: TapFlow, source: Port?, service: Port?) -> TapStatus {
        isBound(source) && isBound(service) ? flow.status : .down
    }
}
