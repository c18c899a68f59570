extension L2PlanBuilder {
    /// Creates each VNI's bridge and VXLAN device and sets its flood peers.
    mutating func prepareVXLANs(for intents: [L2PortIntent]) {
        var first: [Int: (bridge: String, settings: HostLink.VXLANSettings)] = [:]
        var peers: [Int: Set<String>] = [:]
        for intent in intents {
            guard case .vxlan(let bridge, let vni, let local, let underlay, let wanted) = intent.kind else { continue }
            if first[vni] == nil { first[vni] = (bridge, .init(vni: vni, localIP: local, underlay: underlay)) }
            peers[vni, default: []].formUnion(wanted)
        }
        for vni in first.keys.sorted() {
            guard let (bridge, settings) = first[vni], let local = settings.localIP else { continue }
            let device = L2PortIntent.vxlanDeviceName(vni: vni)
            ensureBridge(bridge)
            if let existing = state.links[device], existing.kind != "vxlan" || existing.vxlan != settings {
                add(.deleteLink(device))
            }
            if state.links[device] == nil {
                add(.createVXLAN(name: device, vni: vni, localIP: local, underlay: settings.underlay))
            }
            ensureMaster(device, bridge)
            ensureUp(device)
            let wanted = peers[vni, default: []].subtracting([local])
            let current = state.peers(of: device)
            for peer in wanted.subtracting(current).sorted() { add(.addFloodPeer(device: device, peer: peer)) }
            for peer in current.subtracting(wanted).sorted() { add(.removeFloodPeer(device: device, peer: peer)) }
        }
    }
}
