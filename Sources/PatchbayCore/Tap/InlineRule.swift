/// A bump in the wire: a source port's traffic passes through a service (e.g. a firewall guest)
/// with a guest-side port `guestSide` and a network-side port `networkSide` instead of going
/// straight between the guest and the bridge.
///
/// What the guest sends enters the bump at `guestSide` and comes back out of `networkSide` into
/// the bridge as if from the source; what the guest receives enters at `networkSide` and comes
/// back out of `guestSide` to the guest. Frames coming back are marked (`TCRule.bumpMark`) so the
/// source device lets them through instead of sending them round again.
public struct InlineRule: Hashable, Sendable {
    /// What happens while the bump's ports are down.
    public enum FailMode: String, Hashable, Sendable {
        /// The redirects are removed and traffic flows directly (the default).
        case open
        /// The source's traffic in the chosen directions is dropped.
        case closed
    }

    /// The source port's host device.
    public var source: String
    /// What the source device is.
    public var sourceKind: TapDeviceKind
    /// Which of the guest's traffic goes through the bump.
    public var direction: TapDirection
    /// The bump's guest-side port device (a tap).
    public var guestSide: String
    /// The bump's network-side port device (a tap).
    public var networkSide: String
    /// What to do while the bump is down.
    public var failMode: FailMode

    /// Creates a rule.
    public init(source: String, sourceKind: TapDeviceKind = .tap, direction: TapDirection,
                guestSide: String, networkSide: String, failMode: FailMode = .open) {
        self.source = source
        self.sourceKind = sourceKind
        self.direction = direction
        self.guestSide = guestSide
        self.networkSide = networkSide
        self.failMode = failMode
    }

    /// The filters for a bump whose ports are up (`bumpUp`) or not: with it up, redirects into
    /// and back out of it; down and failing open, none; down and failing closed, a drop on the
    /// source's hook of each chosen direction.
    public func tcRules(bumpUp: Bool) -> [TCRule] {
        let sent = sourceKind.hook(guestSends: true), received = sourceKind.hook(guestSends: false)
        var rules: [TCRule] = []
        guard bumpUp else {
            guard failMode == .closed else { return [] }
            if direction.includesSent { rules.append(TCRule(device: source, hook: sent, match: .all, action: .drop)) }
            if direction.includesReceived {
                rules.append(TCRule(device: source, hook: received, match: .all, action: .drop))
            }
            return rules
        }
        if direction.includesSent {
            rules.append(TCRule(device: source, hook: sent, match: .unmarked, action: .redirect(to: guestSide, at: .egress)))
            rules.append(TCRule(device: networkSide, hook: .ingress, match: .marking,
                                action: .redirect(to: source, at: sent)))
        }
        if direction.includesReceived {
            rules.append(TCRule(device: source, hook: received, match: .unmarked,
                                action: .redirect(to: networkSide, at: .egress)))
            rules.append(TCRule(device: guestSide, hook: .ingress, match: .marking,
                                action: .redirect(to: source, at: received)))
        }
        return rules
    }
}
