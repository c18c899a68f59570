extension L2PlanBuilder {
    /// Plugs one port: its tap into its bridge with its access VLAN, or its macvtap.
    mutating func wire(_ intent: L2PortIntent) {
        let device = intent.deviceName
        switch intent.kind {
        case .bridged(let bridge, _, _), .vxlan(let bridge, _, _, _, _):
            guard state.links[device] != nil else { return markWaiting(intent.portID) }
            if state.accessVLAN(of: device) != intent.accessVLAN {
                add(.setAccessVLAN(device: device, vlan: intent.accessVLAN))
            }
            ensureMaster(device, bridge)
            ensureUp(device)
        case .macvtap(let source, let requestedMode, let requestedMAC):
            let mode = L2PortIntent.iproute2MacvtapMode(requestedMode), mac = requestedMAC.lowercased()
            if let existing = state.links[device],
               existing.kind != "macvtap" || existing.macvtapMode != mode || existing.parent != source {
                add(.deleteLink(device))
            }
            if state.links[device] == nil {
                add(.createMacvtap(name: device, source: source, mode: mode, mac: mac))
            }
            if state.links[device]?.mac != mac { add(.setMAC(device: device, mac: mac)) }
            ensureUp(device)
        }
        markReady(intent.portID)
    }
}
