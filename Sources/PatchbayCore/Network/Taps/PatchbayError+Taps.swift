/// The TaaS failures, with Neutron's exception names and messages.
extension PatchbayError {
    /// 404 `TapServiceNotFound` (Neutron's message has the double space).
    public static func tapServiceNotFound(_ id: String) -> PatchbayError {
        PatchbayError(code: "tap_service.not_found", type: "TapServiceNotFound", category: .notFound,
                      message: "Tap Service  \(id) does not exist")
    }

    /// 404 `TapFlowNotFound`.
    public static func tapFlowNotFound(_ id: String) -> PatchbayError {
        PatchbayError(code: "tap_flow.not_found", type: "TapFlowNotFound", category: .notFound,
                      message: "Tap Flow  \(id) does not exist")
    }

    /// 403 `PortDoesNotBelongToTenant`: an admin named another project than the port's.
    public static let tapPortNotOwned = PatchbayError(
        code: "tap_service.port_not_owned", type: "PortDoesNotBelongToTenant", category: .forbidden,
        message: "The specified port does not belong to the tenant")

    /// 403 `TapServiceNotBelongToTenant`: a flow's project differs from its service's.
    public static let tapServiceNotOwned = PatchbayError(
        code: "tap_flow.service_not_owned", type: "TapServiceNotBelongToTenant", category: .forbidden,
        message: "Specified Tap Service does not belong to the tenant")

    /// 409 `OverQuota`: the project already has `limit` resources of `kind`.
    public static func tapQuotaExceeded(_ kind: String, limit: Int) -> PatchbayError {
        PatchbayError(code: "\(kind).over_quota", type: "OverQuota", category: .conflict,
                      message: "Quota exceeded for resources: ['\(kind)'].",
                      detail: "The project may own at most \(limit) \(kind)s.")
    }
}

/// Per-project limits on tap resources; -1 means unlimited.
public struct TapQuota: Sendable, Hashable {
    /// Tap services per project.
    public var tapServices: Int
    /// Tap flows per project.
    public var tapFlows: Int

    /// Creates limits (defaults: 100 services, 1000 flows per project).
    public init(tapServices: Int = 100, tapFlows: Int = 1000) {
        self.tapServices = tapServices
        self.tapFlows = tapFlows
    }

    /// Whether a project holding `count` may create one more under `limit`.
    public static func allows(_ count: Int, limit: Int) -> Bool { limit < 0 || count < limit }
}
