import PatchbayCore

extension HostAgent {
    /// Creates the tap-service VXLAN devices the plan wants (recorded as the agent's own, up, with
    /// the monitor host as flood peer on a source host) and deletes the recorded ones no flow
    /// wants. Returns the names that are in place.
    func convergeTapTunnels(_ wanted: [String: TapTunnelEnd]) -> Set<String> {
        let present: HostLinkState
        let owned: Set<String>
        do {
            owned = try ownedLinks.names().filter(TapTunnelEnd.isTunnelName)
            // No tunnel wanted and none recorded: nothing to read the host's links for.
            if wanted.isEmpty && owned.isEmpty { return [] }
            present = try seams.links.snapshot()
        } catch {
            logger.error("tap tunnels: cannot read the host's links", metadata: ["error": "\(error.message)"])
            return []
        }
        var ready: Set<String> = []
        for (name, tunnel) in wanted.sorted(by: { $0.key < $1.key }) {
            do {
                if present.links[name] == nil {
                    try ownedLinks.record(name)
                    try seams.links.perform(.createVXLAN(name: name, vni: tunnel.vni, localIP: config.tunnelingIP ?? "", underlay: nil))
                    if let peer = tunnel.peer { try seams.links.perform(.addFloodPeer(device: name, peer: peer)) }
                    try seams.links.perform(.setUp(name))
                } else if let peer = tunnel.peer, present.floodPeers[name]?.contains(peer) != true {
                    try seams.links.perform(.addFloodPeer(device: name, peer: peer))
                }
                ready.insert(name)
            } catch {
                logger.error("tap tunnel could not be created", metadata: ["device": "\(name)", "error": "\(error.message)"])
            }
        }
        for name in owned.subtracting(wanted.keys).sorted() {
            do {
                if present.links[name] != nil { try seams.links.perform(.deleteLink(name)) }
                try ownedLinks.forget(name)
            } catch {
                logger.error("tap tunnel could not be removed", metadata: ["device": "\(name)", "error": "\(error.message)"])
            }
        }
        return ready
    }
}
