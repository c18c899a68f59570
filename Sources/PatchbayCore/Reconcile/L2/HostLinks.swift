/// The seam between L2 reconcile and the kernel: reads the host's links and performs actions.
///
/// `IPCommandLinks` (PatchbayHost) runs `ip`, `bridge` and `tc`, optionally in a network namespace.
public protocol HostLinks: Sendable {
    /// The host's links, access VLANs and VXLAN flood peers.
    ///
    /// Equivalent to: `ip -j -d link show`, `bridge -j fdb show` and `tc -j filter show dev $tap
    /// ingress|egress` for the taps.
    func snapshot() throws(PatchbayError) -> HostLinkState

    /// Performs one action (see `L2Action` for the command each case runs).
    func perform(_ action: L2Action) throws(PatchbayError)
}

extension PatchbayError {
    /// `L2ActionFailed`: an L2 action failed; the message names the action and the cause, the
    /// category is the cause's and `detail` holds the cause's code.
    public static func l2ActionFailed(_ action: L2Action, _ cause: PatchbayError) -> PatchbayError {
        PatchbayError(code: "host.l2_action_failed", type: "L2ActionFailed", category: cause.category,
                      message: "Cannot \(action): \(cause.message)", detail: cause.code)
    }
}
