extension L2PlanBuilder {
    /// Plugs one port: its tap (created when missing) gets its access VLAN, then joins its bridge;
    /// or its macvtap is created on its lower device.
    mutating func wire(_ intent: L2PortIntent) {
        let device = intent.deviceName
        switch intent.kind {
        case .bridged(let bridge, _, _), .vxlan(let bridge, _, _, _, _):
            // The tap is filtered before it joins the bridge, so no frame of another segment
            // ever reaches it, also while the guest is being started.
            if state.links[device] == nil { add(.createTap(device)) }
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
