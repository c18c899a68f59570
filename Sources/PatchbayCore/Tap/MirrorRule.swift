/// One tap flow as the host sees it: copy a source device's traffic to a target device.
public struct MirrorRule: Hashable, Sendable {
    /// The source port's host device (its tap, or macvtap).
    public var source: String
    /// What the source device is.
    public var sourceKind: TapDeviceKind
    /// Which of the guest's traffic is copied.
    public var direction: TapDirection
    /// The flow's `vlan_filter`; nil copies every frame.
    public var vlanFilter: VLANRanges?
    /// The source port's segment VLAN when its guest sees untagged frames (an access port);
    /// nil for a flat or VXLAN port, where a frame's own tag is what the filter looks at.
    public var sourceSegmentVID: Int?
    /// Where the copies go: the monitor port's tap or macvtap, or a VXLAN device toward the
    /// host of the monitor port.
    public var target: String
    /// What the target device is.
    public var targetKind: TapDeviceKind

    /// Creates a rule.
    public init(source: String, sourceKind: TapDeviceKind = .tap, direction: TapDirection,
                vlanFilter: VLANRanges? = nil, sourceSegmentVID: Int? = nil,
                target: String, targetKind: TapDeviceKind = .tap) {
        self.source = source
        self.sourceKind = sourceKind
        self.direction = direction
        self.vlanFilter = vlanFilter
        self.sourceSegmentVID = sourceSegmentVID
        self.target = target
        self.targetKind = targetKind
    }

    /// What the VLAN filter lets through at the source device's hooks; nil when nothing passes.
    ///
    /// Without a filter every frame passes. On an access port the guest-side device carries
    /// untagged frames that all belong to the segment, so the segment VID decides for all of
    /// them: in the filter, every frame passes; not in it, none (and no filter is installed).
    /// On a flat or VXLAN port a frame's 802.1Q tag is visible at the hook and is matched
    /// against the filter; untagged frames do not pass.
    public var vlanMatch: TCRule.Match? {
        guard let vlanFilter else { return .all }
        guard let segment = sourceSegmentVID else { return .vlans(vlanFilter) }
        return vlanFilter.contains(segment) ? .all : nil
    }

    /// The filters this flow needs: one mirror per copied direction, on the source device's
    /// hook where that direction crosses tc, delivering at the target's delivery hook.
    public var tcRules: [TCRule] {
        guard let match = vlanMatch else { return [] }
        var hooks: [TCHook] = []
        if direction.includesSent { hooks.append(sourceKind.hook(guestSends: true)) }
        if direction.includesReceived { hooks.append(sourceKind.hook(guestSends: false)) }
        return hooks.map {
            TCRule(device: source, hook: $0, match: match, action: .mirror(to: target, at: targetKind.deliveryHook))
        }
    }

    /// On the monitor's host: what arrives on the tap-service VXLAN device `vxlan` goes to the
    /// monitor's device, each frame once (`mirred redirect` at the VXLAN device's ingress).
    public static func remoteDelivery(vxlan: String, target: String, targetKind: TapDeviceKind = .tap) -> TCRule {
        TCRule(device: vxlan, hook: .ingress, match: .all, action: .redirect(to: target, at: targetKind.deliveryHook))
    }
}
