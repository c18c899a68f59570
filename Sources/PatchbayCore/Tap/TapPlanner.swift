/// What one host must program for the tap flows of its desired state, as a pure decision: the
/// tc filters that copy a source port's traffic to the monitor port on this host, and for each
/// flow this host answers for (those whose source port is bound here) whether it can be
/// programmed here or why not.
public struct TapPlan: Hashable, Sendable {
    /// Every Patchbay filter the host should have for its taps, in flow order.
    public var rules: [TCRule]
    /// The devices that carry or may carry Patchbay tap filters (every bound port's tap or
    /// macvtap), so filters of flows that are gone are removed from them.
    public var devices: Set<String>
    /// The flows this host answers for, each with nil when its filters are wanted, or the reason
    /// it cannot be programmed here. The source port's host answers for a flow; the monitor's
    /// host (when another) only with the reason it cannot deliver.
    public var flows: [String: String?]
    /// The tap-service VXLAN devices wanted here, by name: toward the monitor's host on a source
    /// host (with its peer), receiving on the monitor's host (no peer).
    public var tunnels: [String: TapTunnelEnd]

    /// Creates a plan.
    public init(rules: [TCRule] = [], devices: Set<String> = [], flows: [String: String?] = [:],
                tunnels: [String: TapTunnelEnd] = [:]) {
        self.rules = rules
        self.devices = devices
        self.flows = flows
        self.tunnels = tunnels
    }
}

/// Plans a host's tap flows (see ``TapPlan``).
public enum TapPlanner {
    /// The plan for `desired` on its host.
    public static func plan(_ desired: HostDesiredState, tunnelIP: String? = nil) -> TapPlan {
        let ports = Dictionary(desired.ports.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var plan = TapPlan(devices: Set(desired.ports.compactMap { device(of: $0)?.name }))
        for flow in desired.tapFlows where flow.sourceHost != desired.host && flow.serviceHost == desired.host {
            planDelivery(flow, ports: ports, host: desired.host, tunnelIP: tunnelIP, into: &plan)
        }
        for flow in desired.tapFlows where flow.sourceHost == desired.host {
            guard let source = ports[flow.sourcePortId] else {
                plan.flows[flow.id] = "source port \(flow.sourcePortId) is not wired on \(desired.host)"
                continue
            }
            guard let (sourceName, sourceKind) = device(of: source) else {
                plan.flows[flow.id] = "source port \(source.id) has no host-side device to mirror (vif_type \(source.vifType)); "
                    + "a VF given whole to the guest is mirrored only by its NIC"
                continue
            }
            guard flow.serviceHost == desired.host else {
                guard let peer = flow.serviceTunnelIP, tunnelIP != nil else {
                    plan.flows[flow.id] = flow.serviceTunnelIP == nil
                        ? "the tap service's host \(flow.serviceHost) reported no tunnel endpoint to send copies to"
                        : "host \(desired.host) has no tunneling_ip to send copies to host \(flow.serviceHost) from"
                    continue
                }
                let tunnel = TapTunnelEnd(vni: TapTunnelEnd.vni(forService: flow.tapServiceId), peer: peer)
                plan.tunnels[tunnel.name] = tunnel
                plan.rules += MirrorRule(source: sourceName, sourceKind: sourceKind, direction: flow.direction,
                                         vlanFilter: flow.vlanFilter?.vlanRanges, sourceSegmentVID: accessVLAN(of: source),
                                         target: tunnel.name, targetKind: .vxlan).tcRules
                plan.flows[flow.id] = .some(nil)
                continue
            }
            guard let target = ports[flow.servicePortId], let (targetName, targetKind) = device(of: target) else {
                plan.flows[flow.id] = "tap service port \(flow.servicePortId) has no host-side device on \(desired.host) "
                    + "to deliver copies to"
                continue
            }
            if let vlan = accessVLAN(of: target) {
                // The monitor's own VLAN access filter would drop most copies (untagged ones, and
                // those of other VLANs) after tc delivered them: never ACTIVE while that happens.
                plan.flows[flow.id] = "tap service port \(target.id) is a VLAN \(vlan) access port; copies are delivered "
                    + "only to a monitor on a flat or VXLAN network"
                continue
            }
            let filter = flow.vlanFilter?.vlanRanges
            let rule = MirrorRule(source: sourceName, sourceKind: sourceKind, direction: flow.direction, vlanFilter: filter,
                                  sourceSegmentVID: accessVLAN(of: source), target: targetName, targetKind: targetKind)
            plan.rules += rule.tcRules
            plan.flows[flow.id] = .some(nil)
        }
        return plan
    }

    /// On the monitor's host: a receiving tunnel for the flow's service whose copies go to the
    /// monitor's device; only a reason when that cannot be.
    private static func planDelivery(_ flow: HostTapFlow, ports: [String: HostPort], host: String, tunnelIP: String?,
                                     into plan: inout TapPlan) {
        guard let target = ports[flow.servicePortId], let (name, kind) = device(of: target) else {
            plan.flows[flow.id] = "tap service port \(flow.servicePortId) has no host-side device on \(host) to deliver copies to"
            return
        }
        if let vlan = accessVLAN(of: target) {
            plan.flows[flow.id] = "tap service port \(target.id) is a VLAN \(vlan) access port; copies are delivered "
                + "only to a monitor on a flat or VXLAN network"
            return
        }
        guard tunnelIP != nil else {
            plan.flows[flow.id] = "host \(host) has no tunneling_ip to receive copies from host \(flow.sourceHost) on"
            return
        }
        let tunnel = TapTunnelEnd(vni: TapTunnelEnd.vni(forService: flow.tapServiceId), peer: nil)
        plan.tunnels[tunnel.name] = tunnel
        let rule = MirrorRule.remoteDelivery(vxlan: tunnel.name, target: name, targetKind: kind)
        if !plan.rules.contains(rule) { plan.rules.append(rule) }
    }

    /// A port's agent-owned host device and what kind it is, or nil when the agent owns none.
    public static func device(of port: HostPort) -> (name: String, kind: TapDeviceKind)? {
        switch PortDevice.agentOwned(portID: port.id, vifType: port.vifType, vnicType: port.vnicType,
                                     vifDetails: port.vifDetails) {
        case .tap(let name): (name, .tap)
        case .macvtap(let name): (name, .macvtap)
        case nil: nil
        }
    }

    /// The VLAN a port's guest-side device carries untagged: its segment's, on a VLAN network.
    static func accessVLAN(of port: HostPort) -> Int? {
        guard let segment = port.segment, segment.networkType == .vlan else { return nil }
        return segment.segmentationId
    }
}

