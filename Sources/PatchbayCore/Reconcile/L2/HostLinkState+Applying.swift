extension HostLinkState {
    /// The state after `action` succeeds, as the kernel would report it: what fakes and tests use
    /// to check that a second plan is empty.
    ///
    /// New devices start down with a zero MAC; a macvtap gets its given MAC, except in passthru
    /// mode, where it inherits its lower device's (setting its MAC later sets both). Deleting a
    /// bridge releases its ports, deleting a device drops its programs and FDB entries.
    public func applying(_ action: L2Action) -> HostLinkState {
        var next = self
        switch action {
        case .createBridge(let name):
            next.links[name] = HostLink(name: name, kind: "bridge")
        case .createTap(let name):
            next.links[name] = HostLink(name: name, kind: "tun")
        case .createVXLAN(let name, let vni, let local, let underlay):
            next.links[name] = HostLink(name: name, kind: "vxlan",
                                        vxlan: .init(vni: vni, localIP: local, underlay: underlay))
        case .addFloodPeer(let device, let peer):
            next.floodPeers[device, default: []].insert(peer)
        case .removeFloodPeer(let device, let peer):
            next.floodPeers[device]?.remove(peer)
            if next.floodPeers[device]?.isEmpty == true { next.floodPeers[device] = nil }
        case .enslave(let device, let bridge):
            next.links[device]?.master = bridge
        case .setUp(let name):
            next.links[name]?.isUp = true
        case .setAccessVLAN(let device, let vlan):
            next.accessVLANs[device] = vlan == .none ? nil : vlan
        case .createMacvtap(let name, let source, let mode, let mac):
            let inherited = mode == "passthru" ? links[source]?.mac ?? "00:00:00:00:00:00" : mac
            next.links[name] = HostLink(name: name, kind: "macvtap", mac: inherited, parent: source, macvtapMode: mode)
        case .setMAC(let device, let mac):
            next.links[device]?.mac = mac.lowercased()
            if let link = links[device], link.macvtapMode == "passthru", let parent = link.parent {
                next.links[parent]?.mac = mac.lowercased()
            }
        case .deleteLink(let name):
            next.links[name] = nil
            next.accessVLANs[name] = nil
            next.floodPeers[name] = nil
            for (other, link) in next.links where link.master == name { next.links[other]?.master = nil }
        }
        return next
    }

    /// The state after every action of `actions`, in order.
    public func applying(_ actions: [L2Action]) -> HostLinkState {
        actions.reduce(self) { $0.applying($1) }
    }
}
