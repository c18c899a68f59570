/// Who may use the agent-facing endpoints of a compute host: admins for every host, a per-host
/// credential only for its own host. A per-host credential reaches nothing else.
public enum HostPolicy {
    /// The role a per-host agent credential holds on the `service` project.
    public static let hostRole = "patchbay_host"

    /// Throws 403 unless the caller may act for `host`.
    public static func requireHost(_ caller: Caller, _ host: String, action: String) throws(PatchbayError) {
        guard caller.mayActFor(host: host) else { throw forbidden(action, host: host) }
    }

    /// The 403 for a caller that may not act for `host`.
    public static func forbidden(_ action: String, host: String) -> PatchbayError {
        PatchbayError(code: "policy.host_forbidden", type: "PolicyNotAuthorized", category: .forbidden,
                      message: "(rule:\(action)) is disallowed by policy: the caller may not act for host \(AgentInput.clipped(host))")
    }

    /// The 403 for a per-host credential on an endpoint that is not its host's agent endpoint.
    public static func confined(host: String) -> PatchbayError {
        PatchbayError(code: "policy.host_credential_confined", type: "PolicyNotAuthorized", category: .forbidden,
                      message: "A host credential (host \(host)) may only use its own host's agent endpoints.")
    }
}
